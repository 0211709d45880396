using System.Runtime.CompilerServices;
using Sweep.Training.Optimizers;
using Sweep.Training.Specs;

namespace Sweep.Training.Fused.Optimizers;

/// <summary>Adagrad as <see cref="Torch.Optimizers.TensorFlowAdagrad"/> computes it, accumulators starting at 0.1 unless set.</summary>
internal sealed class FusedAdagrad(OptimizerSpec spec, int size) : FusedOptimizer(spec)
{
    private readonly float epsilon = (float)spec.Setting(s => s.Epsilon);
    private readonly float[] accumulators = [.. Enumerable.Repeat((float)spec.Setting(s => s.InitialAccumulatorValue), size)];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Update(long step, Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        var rate = -(float)LearningRate;
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradients[i];
            accumulators[i] = MathF.FusedMultiplyAdd(g, g, accumulators[i]);
            parameters[i] += rate * g / (MathF.Sqrt(accumulators[i]) + epsilon);
        }
    }
}
