using System.Runtime.CompilerServices;
using Sweep.Training.Optimizers;
using Sweep.Training.Specs;

namespace Sweep.Training.Fused.Optimizers;

/// <summary>Adadelta as <see cref="Torch.Optimizers.TensorFlowAdadelta"/> computes it.</summary>
internal sealed class FusedAdadelta(OptimizerSpec spec, int size) : FusedOptimizer(spec)
{
    private readonly float rho = (float)spec.Setting(s => s.Rho);
    private readonly float oneMinusRho = (float)(1 - spec.Setting(s => s.Rho));
    private readonly float epsilon = (float)spec.Setting(s => s.Epsilon);
    private readonly float[] gradientAccumulators = new float[size];
    private readonly float[] updateAccumulators = new float[size];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Update(long step, Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        var rate = -(float)LearningRate;
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradients[i];
            gradientAccumulators[i] = MathF.FusedMultiplyAdd(oneMinusRho * g, g, gradientAccumulators[i] * rho);
            var update = MathF.Sqrt(updateAccumulators[i] + epsilon) * g / MathF.Sqrt(gradientAccumulators[i] + epsilon);
            parameters[i] = MathF.FusedMultiplyAdd(rate, update, parameters[i]);
            updateAccumulators[i] = MathF.FusedMultiplyAdd(oneMinusRho * update, update, updateAccumulators[i] * rho);
        }
    }
}
