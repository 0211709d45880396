using TorchSharp;
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
internal sealed class TensorFlowAdam : TensorFlowOptimizer
{
    private readonly Tensor[] firstMoments;
    private readonly Tensor[] secondMoments;
    private readonly Tensor[] maxSecondMoments;
    private readonly double beta1;
    private readonly double beta2;
    private readonly double epsilon;
    private readonly bool amsgrad;
    private readonly Scalar beta1Scalar;
    private readonly Scalar beta1Complement;
    private readonly Scalar beta2Scalar;
    private readonly Scalar beta2Complement;
    private readonly Scalar epsilonScalar;
    private readonly Scalar one;
    private double alpha;

    public TensorFlowAdam(IReadOnlyList<Tensor> parameters, OptimizerSpec spec)
        : base(parameters, spec)
    {
        beta1 = spec.Beta1 ?? 0.9;
        beta2 = spec.Beta2 ?? 0.999;
        epsilon = spec.Epsilon ?? 1e-7;
        amsgrad = spec.Amsgrad ?? false;
        firstMoments = Slots();
        secondMoments = Slots();
        maxSecondMoments = amsgrad ? Slots() : [];
        beta1Scalar = Held(beta1);
        beta1Complement = Held(1 - beta1);
        beta2Scalar = Held(beta2);
        beta2Complement = Held(1 - beta2);
        epsilonScalar = Held(epsilon);
        one = Held(1);
    }

    protected override void BeginStep(long step) =>
        alpha = LearningRate * Math.Sqrt(1 - Math.Pow(beta2, step)) / (1 - Math.Pow(beta1, step));

    protected override void Update(int index, Tensor parameter, Tensor gradient)
    {
        firstMoments[index].mul_(beta1Scalar).add_(gradient, alpha: beta1Complement);
        secondMoments[index].mul_(beta2Scalar).addcmul_(gradient, gradient, value: beta2Complement);
        var second = secondMoments[index];
        if (amsgrad)
        {
            using var larger = maximum(maxSecondMoments[index], secondMoments[index]);
            maxSecondMoments[index].copy_(larger);
            second = maxSecondMoments[index];
        }

        using var denominator = second.sqrt().add_(epsilonScalar, one);
        using var step = (-alpha).ToScalar();
        parameter.addcdiv_(firstMoments[index], denominator, value: step);
    }
}
