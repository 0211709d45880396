using Sweep.Training.Specs;
using static TorchSharp.torch;

namespace Sweep.Training.Optimizers;

/// <summary>
/// Adadelta as tf.keras 2.x computes it (<c>keras/optimizer_v2/adadelta.py</c>, kernel
/// <c>ApplyAdadelta</c>): <c>accum = rho * accum + (1 - rho) * g^2</c>,
/// <c>update = sqrt(accum_update + eps) / sqrt(accum + eps) * g</c>, <c>w -= lr * update</c>,
/// <c>accum_update = rho * accum_update + (1 - rho) * update^2</c>. This is the same rule as
/// <c>torch.optim.Adadelta</c>; the defaults differ (tf.keras: lr 0.001, eps 1e-7; torch: lr 1.0, eps 1e-6).
/// </summary>
internal sealed class TensorFlowAdadelta : TensorFlowOptimizer
{
    private readonly Tensor[] gradientAccumulators;
    private readonly Tensor[] updateAccumulators;
    private readonly double rho;
    private readonly double epsilon;

    public TensorFlowAdadelta(IReadOnlyList<Tensor> parameters, OptimizerSpec spec)
        : base(parameters, spec)
    {
        rho = spec.Rho ?? 0.95;
        epsilon = spec.Epsilon ?? 1e-7;
        gradientAccumulators = Slots();
        updateAccumulators = Slots();
    }

    protected override void Update(int index, Tensor parameter, Tensor gradient)
    {
        gradientAccumulators[index].mul_(rho).addcmul_(gradient, gradient, value: 1 - rho);
        using var gradientRms = gradientAccumulators[index].add(epsilon).sqrt_();
        using var update = updateAccumulators[index].add(epsilon).sqrt_().mul_(gradient).div_(gradientRms);
        parameter.add_(update, alpha: -LearningRate);
        updateAccumulators[index].mul_(rho).addcmul_(update, update, value: 1 - rho);
    }
}
