using Sweep.Training.Optimizers;
using Sweep.Training.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace Sweep.Training.Torch.Optimizers;

/// <summary>
/// Adagrad as tf.keras 2.x computes it (<c>keras/optimizer_v2/adagrad.py</c>, kernel
/// <c>ApplyAdagradV2</c>): the accumulators start at <c>initial_accumulator_value</c>,
/// <c>accum += g^2</c>, <c>w -= lr * g / (sqrt(accum) + eps)</c>.
/// <c>torch.optim.Adagrad</c> starts its accumulators at 0 by default and has no
/// <c>initial_accumulator_value</c> of 0.1, so its first steps are much larger.
/// </summary>
internal sealed class TensorFlowAdagrad : TensorFlowOptimizer
{
    private readonly Tensor[] accumulators;
    private readonly Scalar epsilon;

    public TensorFlowAdagrad(IReadOnlyList<Tensor> parameters, OptimizerSpec spec)
        : base(parameters, spec)
    {
        epsilon = Held(spec.Setting(s => s.Epsilon));
        accumulators = Slots(spec.Setting(s => s.InitialAccumulatorValue));
    }

    protected override void Update(int index, Tensor parameter, Tensor gradient)
    {
        accumulators[index].addcmul_(gradient, gradient, value: One);
        using var denominator = accumulators[index].sqrt().add_(epsilon, One);
        using var step = (-LearningRate).ToScalar();
        parameter.addcdiv_(gradient, denominator, value: step);
    }
}
