using Sweep.Training.Specs;
using static TorchSharp.torch;

namespace Sweep.Training.Optimizers;

/// <summary>
/// Adam as TensorFlow computes it (the "epsilon hat" form, tf.keras 2.x and Keras 2.2 alike;
/// kernels <c>ApplyAdam</c> and <c>ApplyAdamWithAmsgrad</c>):
/// <c>alpha_t = lr * sqrt(1 - b2^t) / (1 - b1^t)</c>, <c>w -= alpha_t * m / (sqrt(v) + eps)</c>,
/// and with amsgrad <c>vhat = max(vhat, v)</c>, <c>w -= alpha_t * m / (sqrt(vhat) + eps)</c>.
/// <c>torch.optim.Adam</c> adds epsilon after bias-correcting v (and, with amsgrad, keeps the
/// maximum of the bias-corrected v), which are different numbers.
/// </summary>
internal sealed class TensorFlowAdam : IOptimizer
{
    private readonly IReadOnlyList<Tensor> parameters;
    private readonly Tensor[] firstMoments;
    private readonly Tensor[] secondMoments;
    private readonly Tensor[] maxSecondMoments;
    private readonly double beta1;
    private readonly double beta2;
    private readonly double epsilon;
    private readonly bool amsgrad;
    private long iterations;

    public TensorFlowAdam(IReadOnlyList<Tensor> parameters, OptimizerSpec spec)
    {
        this.parameters = parameters;
        LearningRate = spec.LearningRate;
        beta1 = spec.Beta1 ?? 0.9;
        beta2 = spec.Beta2 ?? 0.999;
        epsilon = spec.Epsilon ?? 1e-7;
        amsgrad = spec.Amsgrad ?? false;
        firstMoments = OptimizerSlots.Zeros(parameters);
        secondMoments = OptimizerSlots.Zeros(parameters);
        maxSecondMoments = amsgrad ? OptimizerSlots.Zeros(parameters) : [];
    }

    public double LearningRate { get; set; }

    public void ZeroGrad() => OptimizerSlots.ZeroGrad(parameters);

    public void Step()
    {
        iterations++;
        var alpha = LearningRate * Math.Sqrt(1 - Math.Pow(beta2, iterations)) / (1 - Math.Pow(beta1, iterations));
        using var _ = no_grad();
        for (var i = 0; i < parameters.Count; i++)
        {
            var gradient = parameters[i].grad;
            if (gradient is null)
            {
                continue;
            }

            firstMoments[i].mul_(beta1).add_(gradient, alpha: 1 - beta1);
            secondMoments[i].mul_(beta2).addcmul_(gradient, gradient, value: 1 - beta2);
            var second = secondMoments[i];
            if (amsgrad)
            {
                using var larger = maximum(maxSecondMoments[i], secondMoments[i]);
                maxSecondMoments[i].copy_(larger);
                second = maxSecondMoments[i];
            }

            using var denominator = second.sqrt().add_(epsilon);
            parameters[i].addcdiv_(firstMoments[i], denominator, value: -alpha);
        }
    }

    public void Dispose() => OptimizerSlots.Dispose(firstMoments, secondMoments, maxSecondMoments);
}
