using System.Runtime.CompilerServices;
using Sweep.Training.Optimizers;
using Sweep.Training.Specs;

namespace Sweep.Training.Fused.Optimizers;

/// <summary>
/// RMSprop as <see cref="Torch.Optimizers.TensorFlowRmsProp"/> computes it, centered if asked; epsilon inside the root
/// with momentum, outside it without.
/// </summary>
internal sealed class FusedRmsProp(OptimizerSpec spec, int size) : FusedOptimizer(spec)
{
    private readonly float rho = (float)spec.Setting(s => s.Rho);
    private readonly float oneMinusRho = (float)(1 - spec.Setting(s => s.Rho));
    private readonly float momentum = (float)spec.Setting(s => s.Momentum);
    private readonly float epsilon = (float)spec.Setting(s => s.Epsilon);
    private readonly float[] meanSquares = new float[size];
    private readonly float[]? meanGradients = spec.Setting(s => s.Centered) ? new float[size] : null;
    private readonly float[]? moments = spec.Setting(s => s.Momentum) > 0 ? new float[size] : null;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Update(long step, Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        var rate = (float)LearningRate;
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradients[i];
            var denominator = meanSquares[i] = MathF.FusedMultiplyAdd(oneMinusRho * g, g, meanSquares[i] * rho);
            if (meanGradients is not null)
            {
                var mg = meanGradients[i] = MathF.FusedMultiplyAdd(oneMinusRho, g, meanGradients[i] * rho);
                denominator = MathF.FusedMultiplyAdd(-mg, mg, denominator);
            }

            if (moments is null)
            {
                parameters[i] += -rate * g / (MathF.Sqrt(denominator) + epsilon);
            }
            else
            {
                moments[i] = (moments[i] * momentum) + (rate * g / MathF.Sqrt(denominator + epsilon));
                parameters[i] -= moments[i];
            }
        }
    }
}
