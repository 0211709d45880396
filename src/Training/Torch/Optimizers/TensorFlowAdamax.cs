using Sweep.Training.Optimizers;
using Sweep.Training.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace Sweep.Training.Torch.Optimizers;

/// <summary>
/// Adamax as tf.keras 2.x computes it (<c>keras/optimizer_v2/adamax.py</c>, kernel
/// <c>ApplyAdaMax</c>): <c>m = b1 * m + (1 - b1) * g</c>, <c>v = max(b2 * v, |g|)</c>,
/// <c>w -= lr / (1 - b1^t) * m / (v + eps)</c>. <c>torch.optim.Adamax</c> adds epsilon inside
/// the maximum instead, <c>v = max(b2 * v, |g| + eps)</c>, and divides by that v.
/// </summary>
internal sealed class TensorFlowAdamax : TensorFlowOptimizer
{
    private readonly Tensor[] firstMoments;
    private readonly Tensor[] infinityNorms;
    private readonly double beta1;
    private readonly double beta2;
    private readonly double epsilon;
    private readonly MomentScalars constants;
    private double scaledLr;

    public TensorFlowAdamax(IReadOnlyList<Tensor> parameters, OptimizerSpec spec)
        : base(parameters, spec)
    {
        beta1 = spec.Setting(s => s.Beta1);
        beta2 = spec.Setting(s => s.Beta2);
        epsilon = spec.Setting(s => s.Epsilon);
        firstMoments = Slots();
        infinityNorms = Slots();
        constants = HeldMoments(beta1, beta2, epsilon);
    }

    protected override void BeginStep(long step) => scaledLr = LearningRate / (1 - Math.Pow(beta1, step));

    protected override void Update(int index, Tensor parameter, Tensor gradient)
    {
        constants.UpdateFirst(firstMoments[index], gradient);
        using var magnitude = gradient.abs();
        using var norm = maximum(infinityNorms[index].mul_(constants.Beta2), magnitude);
        infinityNorms[index].copy_(norm);
        using var denominator = norm.add_(constants.Epsilon, One);
        using var step = (-scaledLr).ToScalar();
        parameter.addcdiv_(firstMoments[index], denominator, value: step);
    }
}
