using Sweep.Training.Specs;

namespace Sweep.Training.Fused;

/// <summary>Adam as <see cref="Optimizers.TensorFlowAdam"/> computes it: the epsilon-hat form, with amsgrad if asked.</summary>
internal sealed class FusedAdam(OptimizerSpec spec, int size) : FusedOptimizer(spec)
{
    private readonly double beta1 = spec.Beta1 ?? 0.9;
    private readonly double beta2 = spec.Beta2 ?? 0.999;
    private readonly float epsilon = (float)(spec.Epsilon ?? 1e-7);
    private readonly float[] first = new float[size];
    private readonly float[] second = new float[size];
    private readonly float[]? maxSecond = spec.Amsgrad == true ? new float[size] : null;

    protected override void Update(long step, Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        var alpha = (float)(LearningRate * Math.Sqrt(1 - Math.Pow(beta2, step)) / (1 - Math.Pow(beta1, step)));
        var (b1, b2) = ((float)beta1, (float)beta2);
        var (c1, c2) = ((float)(1 - beta1), (float)(1 - beta2));
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradients[i];
            first[i] = (first[i] * b1) + (g * c1);
            second[i] = (second[i] * b2) + (c2 * g * g);
            var v = second[i];
            if (maxSecond is not null)
            {
                v = maxSecond[i] = MathF.Max(maxSecond[i], v);
            }

            parameters[i] -= alpha * (first[i] / (MathF.Sqrt(v) + epsilon));
        }
    }
}
