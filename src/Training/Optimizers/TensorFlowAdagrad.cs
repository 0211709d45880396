using Sweep.Training.Specs;
using static TorchSharp.torch;

namespace Sweep.Training.Optimizers;

/// <summary>
/// Adagrad as tf.keras 2.x computes it (<c>keras/optimizer_v2/adagrad.py</c>, kernel
/// <c>ApplyAdagradV2</c>): the accumulators start at <c>initial_accumulator_value</c>,
/// <c>accum += g^2</c>, <c>w -= lr * g / (sqrt(accum) + eps)</c>.
/// <c>torch.optim.Adagrad</c> starts its accumulators at 0 by default and has no
/// <c>initial_accumulator_value</c> of 0.1, so its first steps are much larger.
/// </summary>
internal sealed class TensorFlowAdagrad : IOptimizer
{
    private readonly IReadOnlyList<Tensor> parameters;
    private readonly Tensor[] accumulators;
    private readonly double epsilon;

    public TensorFlowAdagrad(IReadOnlyList<Tensor> parameters, OptimizerSpec spec)
    {
        this.parameters = parameters;
        LearningRate = spec.LearningRate;
        epsilon = spec.Epsilon ?? 1e-7;
        accumulators = OptimizerSlots.Filled(parameters, spec.InitialAccumulatorValue ?? 0.1);
    }

    public double LearningRate { get; set; }

    public void ZeroGrad() => OptimizerSlots.ZeroGrad(parameters);

    public void Step()
    {
        var lr = LearningRate;
        using var _ = no_grad();
        for (var i = 0; i < parameters.Count; i++)
        {
            var gradient = parameters[i].grad;
            if (gradient is null)
            {
                continue;
            }

            accumulators[i].addcmul_(gradient, gradient, value: 1);
            using var denominator = accumulators[i].sqrt().add_(epsilon);
            parameters[i].addcdiv_(gradient, denominator, value: -lr);
        }
    }

    public void Dispose() => OptimizerSlots.Dispose(accumulators);
}
