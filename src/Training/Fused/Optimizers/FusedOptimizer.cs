using Sweep.Training.Specs;

namespace Sweep.Training.Fused.Optimizers;

/// <summary>
/// A TensorFlow update rule on one flat float32 array of parameters: the same formulas as the TorchSharp rules
/// (<see cref="Torch.Optimizers.TensorFlowOptimizer"/>; <see cref="Training.Optimizers.OptimizerRegistry"/> builds both),
/// element by element, in float32 with the settings rounded to float32 as libtorch rounds scalars. Every rule is
/// element-wise, so all of a model's weights can share one array.
/// The operations keep torch's order and rounding, as libtorch 2.10 computes them on x86 with AVX2 or AVX-512:
/// <c>add_(t, alpha)</c> and <c>addcmul_(t1, t2, value)</c> are one fused multiply-add there
/// (<see cref="MathF.FusedMultiplyAdd"/> here), <c>addcdiv_(t1, t2, value)</c> is <c>self + (value * t1) / t2</c>.
/// libtorch's float32 square root is sometimes an ulp off, so the rules with a root agree to float rounding, not bit for bit.
/// </summary>
internal abstract class FusedOptimizer
{
    private long iterations;

    protected FusedOptimizer(OptimizerSpec spec) => LearningRate = spec.LearningRate;

    /// <summary>The learning rate of the next steps; schedules and ReduceLROnPlateau set it between epochs.</summary>
    public double LearningRate { get; set; }

    /// <summary>One step: <paramref name="parameters"/> -= the rule applied to <paramref name="gradients"/>.</summary>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        // The counter advances as TensorFlow's iterations variable does; the first step is t = 1.
        iterations++;
        Update(iterations, parameters, gradients);
    }

    /// <summary>Applies step <paramref name="step"/> (1 on the first) to every parameter.</summary>
    protected abstract void Update(long step, Span<float> parameters, ReadOnlySpan<float> gradients);
}
