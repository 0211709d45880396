using System.Runtime.CompilerServices;
using Sweep.Training.Optimizers;
using Sweep.Training.Specs;

namespace Sweep.Training.Fused.Optimizers;

/// <summary>
/// Gradient descent as <see cref="Torch.Optimizers.TensorFlowSgd"/> computes it: plain, with momentum or Nesterov momentum,
/// and Keras 2.2's time decay <c>lr / (1 + decay * iterations)</c>.
/// </summary>
internal sealed class FusedSgd(OptimizerSpec spec, int size) : FusedOptimizer(spec)
{
    private readonly float momentum = (float)spec.Setting(s => s.Momentum);
    private readonly bool nesterov = spec.Setting(s => s.Nesterov);
    private readonly double decay = spec.Setting(s => s.Decay);

    // Like the torch rule, only a positive momentum keeps velocities; otherwise plain descent, Nesterov or not.
    private readonly float[]? velocities = spec.Setting(s => s.Momentum) > 0 ? new float[size] : null;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Update(long step, Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        var rate = -(float)(decay > 0 ? LearningRate / (1 + (decay * (step - 1))) : LearningRate);
        if (velocities is null)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i] = MathF.FusedMultiplyAdd(rate, gradients[i], parameters[i]);
            }

            return;
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            var v = velocities[i] = MathF.FusedMultiplyAdd(rate, gradients[i], velocities[i] * momentum);
            parameters[i] = nesterov
                ? MathF.FusedMultiplyAdd(rate, gradients[i], MathF.FusedMultiplyAdd(momentum, v, parameters[i]))
                : parameters[i] + v;
        }
    }
}
