using Sweep.Training.Specs;
using static TorchSharp.torch;

namespace Sweep.Training.Optimizers;

/// <summary>
/// Adamax as tf.keras 2.x computes it (<c>keras/optimizer_v2/adamax.py</c>, kernel
/// <c>ApplyAdaMax</c>): <c>m = b1 * m + (1 - b1) * g</c>, <c>v = max(b2 * v, |g|)</c>,
/// <c>w -= lr / (1 - b1^t) * m / (v + eps)</c>. <c>torch.optim.Adamax</c> adds epsilon inside
/// the maximum instead, <c>v = max(b2 * v, |g| + eps)</c>, and divides by that v.
/// </summary>
internal sealed class TensorFlowAdamax : IOptimizer
{
    private readonly IReadOnlyList<Tensor> parameters;
    private readonly Tensor[] firstMoments;
    private readonly Tensor[] infinityNorms;
    private readonly double beta1;
    private readonly double beta2;
    private readonly double epsilon;
    private long iterations;

    public TensorFlowAdamax(IReadOnlyList<Tensor> parameters, OptimizerSpec spec)
    {
        this.parameters = parameters;
        LearningRate = spec.LearningRate;
        beta1 = spec.Beta1 ?? 0.9;
        beta2 = spec.Beta2 ?? 0.999;
        epsilon = spec.Epsilon ?? 1e-7;
        firstMoments = OptimizerSlots.Zeros(parameters);
        infinityNorms = OptimizerSlots.Zeros(parameters);
    }

    public double LearningRate { get; set; }

    public void ZeroGrad() => OptimizerSlots.ZeroGrad(parameters);

    public void Step()
    {
        iterations++;
        var scaledLr = LearningRate / (1 - Math.Pow(beta1, iterations));
        using var _ = no_grad();
        for (var i = 0; i < parameters.Count; i++)
        {
            var gradient = parameters[i].grad;
            if (gradient is null)
            {
                continue;
            }

            firstMoments[i].mul_(beta1).add_(gradient, alpha: 1 - beta1);
            using var magnitude = gradient.abs();
            using var norm = maximum(infinityNorms[i].mul_(beta2), magnitude);
            infinityNorms[i].copy_(norm);
            using var denominator = norm.add_(epsilon);
            parameters[i].addcdiv_(firstMoments[i], denominator, value: -scaledLr);
        }
    }

    public void Dispose() => OptimizerSlots.Dispose(firstMoments, infinityNorms);
}
