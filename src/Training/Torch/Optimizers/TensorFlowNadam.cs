using Sweep.Training.Optimizers;
using Sweep.Training.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace Sweep.Training.Torch.Optimizers;

/// <summary>
/// Nadam as tf.keras 2.x computes it (<c>keras/optimizer_v2/nadam.py</c>, Dozat's rule with
/// Keras's momentum schedule): <c>u_t = b1 * (1 - 0.5 * 0.96^(0.004 * t))</c>, the running
/// product <c>mu_t = u_1 * ... * u_t</c>; <c>m = b1 * m + (1 - b1) * g</c>,
/// <c>v = b2 * v + (1 - b2) * g^2</c>,
/// <c>m_bar = (1 - u_t) * g / (1 - mu_t) + u_(t+1) * m / (1 - mu_t * u_(t+1))</c>,
/// <c>w -= lr * m_bar / (sqrt(v / (1 - b2^t)) + eps)</c>.
/// The schedule decay 0.004 is fixed, and the learning rate is used as given (no time decay).
/// <c>torch.optim.NAdam</c> uses the same momentum schedule (its <c>momentum_decay</c>) but its
/// own defaults (lr 0.002, eps 1e-8) and optional weight decay; compare numbers only with equal settings.
/// </summary>
internal sealed class TensorFlowNadam : TensorFlowOptimizer
{
    private const double ScheduleDecay = 0.004;
    private const double DecayBase = 0.96;

    private readonly Tensor[] firstMoments;
    private readonly Tensor[] secondMoments;
    private readonly double beta1;
    private readonly double beta2;
    private readonly double epsilon;
    private readonly MomentScalars constants;
    private double momentumSchedule = 1.0;
    private double gradientWeight;
    private double momentWeight;
    private double secondCorrection;

    public TensorFlowNadam(IReadOnlyList<Tensor> parameters, OptimizerSpec spec)
        : base(parameters, spec)
    {
        beta1 = spec.Setting(s => s.Beta1);
        beta2 = spec.Setting(s => s.Beta2);
        epsilon = spec.Setting(s => s.Epsilon);
        firstMoments = Slots();
        secondMoments = Slots();
        constants = HeldMoments(beta1, beta2, epsilon);
    }

    protected override void BeginStep(long step)
    {
        var momentum = MomentumAt(step);
        var nextMomentum = MomentumAt(step + 1);
        momentumSchedule *= momentum;
        var nextSchedule = momentumSchedule * nextMomentum;
        gradientWeight = (1 - momentum) / (1 - momentumSchedule);
        momentWeight = nextMomentum / (1 - nextSchedule);
        secondCorrection = 1 - Math.Pow(beta2, step);
    }

    protected override void Update(int index, Tensor parameter, Tensor gradient)
    {
        constants.UpdateFirst(firstMoments[index], gradient);
        constants.UpdateSecond(secondMoments[index], gradient);
        using var gradientScale = gradientWeight.ToScalar();
        using var momentScale = momentWeight.ToScalar();
        using var correction = secondCorrection.ToScalar();
        using var step = (-LearningRate).ToScalar();
        using var direction = gradient.mul(gradientScale).add_(firstMoments[index], alpha: momentScale);
        using var denominator = secondMoments[index].div(correction).sqrt_().add_(constants.Epsilon, One);
        parameter.addcdiv_(direction, denominator, value: step);
    }

    private double MomentumAt(long step) => beta1 * (1 - (0.5 * Math.Pow(DecayBase, ScheduleDecay * step)));
}
