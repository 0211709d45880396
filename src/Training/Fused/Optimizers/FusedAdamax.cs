using System.Runtime.CompilerServices;
using Sweep.Training.Optimizers;
using Sweep.Training.Specs;

namespace Sweep.Training.Fused.Optimizers;

/// <summary>Adamax as <see cref="Torch.Optimizers.TensorFlowAdamax"/> computes it: epsilon added after the maximum.</summary>
internal sealed class FusedAdamax(OptimizerSpec spec, int size) : FusedOptimizer(spec)
{
    private readonly double beta1 = spec.Setting(s => s.Beta1);
    private readonly float beta2 = (float)spec.Setting(s => s.Beta2);
    private readonly float epsilon = (float)spec.Setting(s => s.Epsilon);
    private readonly float[] first = new float[size];
    private readonly float[] norms = new float[size];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Update(long step, Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        var rate = -(float)(LearningRate / (1 - Math.Pow(beta1, step)));
        var (b1, c1) = ((float)beta1, (float)(1 - beta1));
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradients[i];
            first[i] = MathF.FusedMultiplyAdd(c1, g, first[i] * b1);
            norms[i] = MathF.Max(norms[i] * beta2, MathF.Abs(g));
            parameters[i] += rate * first[i] / (norms[i] + epsilon);
        }
    }
}
