using Sweep.Training.Optimizers;
using Sweep.Training.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace Sweep.Training.Torch.Optimizers;

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
    private readonly Scalar rho;
    private readonly Scalar rhoComplement;
    private readonly Scalar epsilon;

    public TensorFlowAdadelta(IReadOnlyList<Tensor> parameters, OptimizerSpec spec)
        : base(parameters, spec)
    {
        var decay = spec.Setting(s => s.Rho);
        rho = Held(decay);
        rhoComplement = Held(1 - decay);
        epsilon = Held(spec.Setting(s => s.Epsilon));
        gradientAccumulators = Slots();
        updateAccumulators = Slots();
    }

    protected override void Update(int index, Tensor parameter, Tensor gradient)
    {
        gradientAccumulators[index].mul_(rho).addcmul_(gradient, gradient, value: rhoComplement);
        using var gradientRms = gradientAccumulators[index].add(epsilon, One).sqrt_();
        using var update = updateAccumulators[index].add(epsilon, One).sqrt_().mul_(gradient).div_(gradientRms);
        using var step = (-LearningRate).ToScalar();
        parameter.add_(update, alpha: step);
        updateAccumulators[index].mul_(rho).addcmul_(update, update, value: rhoComplement);
    }
}
