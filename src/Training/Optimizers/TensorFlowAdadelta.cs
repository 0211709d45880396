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
internal sealed class TensorFlowAdadelta : IOptimizer
{
    private readonly IReadOnlyList<Tensor> parameters;
    private readonly Tensor[] gradientAccumulators;
    private readonly Tensor[] updateAccumulators;
    private readonly double rho;
    private readonly double epsilon;

    public TensorFlowAdadelta(IReadOnlyList<Tensor> parameters, OptimizerSpec spec)
    {
        this.parameters = parameters;
        LearningRate = spec.LearningRate;
        rho = spec.Rho ?? 0.95;
        epsilon = spec.Epsilon ?? 1e-7;
        gradientAccumulators = OptimizerSlots.Zeros(parameters);
        updateAccumulators = OptimizerSlots.Zeros(parameters);
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

            gradientAccumulators[i].mul_(rho).addcmul_(gradient, gradient, value: 1 - rho);
            using var gradientRms = gradientAccumulators[i].add(epsilon).sqrt_();
            using var update = updateAccumulators[i].add(epsilon).sqrt_().mul_(gradient).div_(gradientRms);
            parameters[i].add_(update, alpha: -lr);
            updateAccumulators[i].mul_(rho).addcmul_(update, update, value: 1 - rho);
        }
    }

    public void Dispose() => OptimizerSlots.Dispose(gradientAccumulators, updateAccumulators);
}
