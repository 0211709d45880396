using Sweep.Training.Optimizers;
using Sweep.Training.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace Sweep.Training.Torch.Optimizers;

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
    private readonly MomentScalars constants;
    private double alpha;

    public TensorFlowAdam(IReadOnlyList<Tensor> parameters, OptimizerSpec spec)
        : base(parameters, spec)
    {
        beta1 = spec.Setting(s => s.Beta1);
        beta2 = spec.Setting(s => s.Beta2);
        epsilon = spec.Setting(s => s.Epsilon);
        amsgrad = spec.Setting(s => s.Amsgrad);
        firstMoments = Slots();
        secondMoments = Slots();
        maxSecondMoments = amsgrad ? Slots() : [];
        constants = HeldMoments(beta1, beta2, epsilon);
    }

    protected override void BeginStep(long step) =>
        alpha = LearningRate * Math.Sqrt(1 - Math.Pow(beta2, step)) / (1 - Math.Pow(beta1, step));

    protected override void Update(int index, Tensor parameter, Tensor gradient)
    {
        constants.UpdateFirst(firstMoments[index], gradient);
        constants.UpdateSecond(secondMoments[index], gradient);
        var second = secondMoments[index];
        if (amsgrad)
        {
            using var larger = maximum(maxSecondMoments[index], secondMoments[index]);
            maxSecondMoments[index].copy_(larger);
            second = maxSecondMoments[index];
        }

        using var denominator = second.sqrt().add_(constants.Epsilon, One);
        using var step = (-alpha).ToScalar();
        parameter.addcdiv_(firstMoments[index], denominator, value: step);
    }
}
