using Sweep.Training.Specs;
using static TorchSharp.torch;

namespace Sweep.Training.Optimizers;

/// <summary>
/// Stochastic gradient descent as tf.keras 2.x computes it (<c>keras/optimizer_v2/gradient_descent.py</c>,
/// kernels <c>ApplyGradientDescent</c> and <c>ApplyKerasMomentum</c>; Keras 2.2 gives the same numbers):
/// <c>w -= lr_t * g</c> without momentum; with momentum <c>v = momentum * v - lr_t * g</c> and
/// <c>w += v</c>, or <c>w += momentum * v - lr_t * g</c> with Nesterov. The time decay is
/// <c>lr_t = lr / (1 + decay * iterations)</c>, iterations counted before the step (0 on the first).
/// <c>torch.optim.SGD</c> keeps <c>v = momentum * v + g</c> and scales by the current lr when
/// applying, so the two differ once the learning rate changes during training.
/// </summary>
internal sealed class TensorFlowSgd : IOptimizer
{
    private readonly IReadOnlyList<Tensor> parameters;
    private readonly Tensor[] velocities;
    private readonly double momentum;
    private readonly bool nesterov;
    private readonly double decay;
    private long iterations;

    public TensorFlowSgd(IReadOnlyList<Tensor> parameters, OptimizerSpec spec)
    {
        this.parameters = parameters;
        LearningRate = spec.LearningRate;
        momentum = spec.Momentum ?? 0.0;
        nesterov = spec.Nesterov ?? false;
        decay = spec.Decay ?? 0.0;
        velocities = momentum > 0 ? OptimizerSlots.Zeros(parameters) : [];
    }

    public double LearningRate { get; set; }

    public void ZeroGrad() => OptimizerSlots.ZeroGrad(parameters);

    public void Step()
    {
        var lr = decay > 0 ? LearningRate / (1 + (decay * iterations)) : LearningRate;
        iterations++;
        using var _ = no_grad();
        for (var i = 0; i < parameters.Count; i++)
        {
            var gradient = parameters[i].grad;
            if (gradient is null)
            {
                continue;
            }

            // Keras only creates the momentum slot for momentum > 0; otherwise plain descent, Nesterov or not.
            if (velocities.Length == 0)
            {
                parameters[i].add_(gradient, alpha: -lr);
                continue;
            }

            velocities[i].mul_(momentum).add_(gradient, alpha: -lr);
            if (nesterov)
            {
                parameters[i].add_(velocities[i], alpha: momentum).add_(gradient, alpha: -lr);
            }
            else
            {
                parameters[i].add_(velocities[i]);
            }
        }
    }

    public void Dispose() => OptimizerSlots.Dispose(velocities);
}
