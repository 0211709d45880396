using Sweep.Training.Optimizers;
using Sweep.Training.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace Sweep.Training.Torch.Optimizers;

/// <summary>
/// Stochastic gradient descent as tf.keras 2.x computes it (<c>keras/optimizer_v2/gradient_descent.py</c>,
/// kernels <c>ApplyGradientDescent</c> and <c>ApplyKerasMomentum</c>; Keras 2.2 gives the same numbers):
/// <c>w -= lr_t * g</c> without momentum; with momentum <c>v = momentum * v - lr_t * g</c> and
/// <c>w += v</c>, or <c>w += momentum * v - lr_t * g</c> with Nesterov. The time decay is
/// <c>lr_t = lr / (1 + decay * iterations)</c>, iterations counted before the step (0 on the first).
/// <c>torch.optim.SGD</c> keeps <c>v = momentum * v + g</c> and scales by the current lr when
/// applying, so the two differ once the learning rate changes during training.
/// </summary>
internal sealed class TensorFlowSgd : TensorFlowOptimizer
{
    private readonly Tensor[] velocities;
    private readonly double momentum;
    private readonly bool nesterov;
    private readonly double decay;
    private readonly Scalar momentumScalar;
    private double lr;

    public TensorFlowSgd(IReadOnlyList<Tensor> parameters, OptimizerSpec spec)
        : base(parameters, spec)
    {
        momentum = spec.Setting(s => s.Momentum);
        nesterov = spec.Setting(s => s.Nesterov);
        decay = spec.Setting(s => s.Decay);
        velocities = momentum > 0 ? Slots() : [];
        momentumScalar = Held(momentum);
    }

    protected override void BeginStep(long step) =>
        lr = decay > 0 ? LearningRate / (1 + (decay * (step - 1))) : LearningRate;

    protected override void Update(int index, Tensor parameter, Tensor gradient)
    {
        // Keras only creates the momentum slot for momentum > 0; otherwise plain descent, Nesterov or not.
        using var step = (-lr).ToScalar();
        if (velocities.Length == 0)
        {
            parameter.add_(gradient, alpha: step);
            return;
        }

        velocities[index].mul_(momentumScalar).add_(gradient, alpha: step);
        if (nesterov)
        {
            parameter.add_(velocities[index], alpha: momentumScalar).add_(gradient, alpha: step);
        }
        else
        {
            parameter.add_(velocities[index], One);
        }
    }
}
