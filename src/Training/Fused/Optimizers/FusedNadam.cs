using System.Runtime.CompilerServices;
using Sweep.Training.Optimizers;
using Sweep.Training.Specs;

namespace Sweep.Training.Fused.Optimizers;

/// <summary>
/// Nadam as <see cref="Torch.Optimizers.TensorFlowNadam"/> computes it: Keras's momentum schedule
/// <c>u_t = b1 * (1 - 0.5 * 0.96^(0.004 * t))</c> and its running product, kept in double.
/// </summary>
internal sealed class FusedNadam(OptimizerSpec spec, int size) : FusedOptimizer(spec)
{
    private readonly double beta1 = spec.Setting(s => s.Beta1);
    private readonly double beta2 = spec.Setting(s => s.Beta2);
    private readonly float epsilon = (float)spec.Setting(s => s.Epsilon);
    private readonly float[] first = new float[size];
    private readonly float[] second = new float[size];
    private double momentumSchedule = 1.0;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Update(long step, Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        var momentum = MomentumAt(step);
        var nextMomentum = MomentumAt(step + 1);
        momentumSchedule *= momentum;
        var gradientWeight = (float)((1 - momentum) / (1 - momentumSchedule));
        var momentWeight = (float)(nextMomentum / (1 - (momentumSchedule * nextMomentum)));
        var secondCorrection = (float)(1 - Math.Pow(beta2, step));
        var rate = -(float)LearningRate;
        var (b1, b2) = ((float)beta1, (float)beta2);
        var (c1, c2) = ((float)(1 - beta1), (float)(1 - beta2));
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradients[i];
            first[i] = MathF.FusedMultiplyAdd(c1, g, first[i] * b1);
            second[i] = MathF.FusedMultiplyAdd(c2 * g, g, second[i] * b2);
            var direction = MathF.FusedMultiplyAdd(momentWeight, first[i], g * gradientWeight);
            parameters[i] += rate * direction / (MathF.Sqrt(second[i] / secondCorrection) + epsilon);
        }
    }

    private double MomentumAt(long step) => beta1 * (1 - (0.5 * Math.Pow(0.96, 0.004 * step)));
}
