using Sweep.Training.Optimizers;
using Sweep.Training.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace Sweep.Training.Torch.Optimizers;

/// <summary>
/// RMSprop as tf.keras 2.x computes it (<c>keras/optimizer_v2/rmsprop.py</c>). Always
/// <c>ms = rho * ms + (1 - rho) * g^2</c>, and when centered <c>mg = rho * mg + (1 - rho) * g</c>,
/// <c>denom = ms - mg^2</c> (else <c>denom = ms</c>). Where epsilon goes depends on momentum:
/// with momentum &gt; 0 the kernels <c>ApplyRMSProp</c>/<c>ApplyCenteredRMSProp</c> put it inside
/// the root, <c>mom = momentum * mom + lr * g / sqrt(denom + eps)</c>, <c>w -= mom</c>; with
/// momentum 0 the Python path puts it outside, <c>w -= lr * g / (sqrt(denom) + eps)</c>.
/// <c>torch.optim.RMSprop</c> always adds epsilon outside the root and keeps
/// <c>buf = momentum * buf + g / (sqrt(denom) + eps)</c>, scaling by lr when applying.
/// </summary>
internal sealed class TensorFlowRmsProp : TensorFlowOptimizer
{
    private readonly Tensor[] meanSquares;
    private readonly Tensor[] meanGradients;
    private readonly Tensor[] moments;
    private readonly double rho;
    private readonly double momentum;
    private readonly double epsilon;
    private readonly bool centered;
    private readonly Scalar rhoScalar;
    private readonly Scalar rhoComplement;
    private readonly Scalar momentumScalar;
    private readonly Scalar epsilonScalar;
    private readonly Scalar minusOne;

    public TensorFlowRmsProp(IReadOnlyList<Tensor> parameters, OptimizerSpec spec)
        : base(parameters, spec)
    {
        rho = spec.Setting(s => s.Rho);
        momentum = spec.Setting(s => s.Momentum);
        epsilon = spec.Setting(s => s.Epsilon);
        centered = spec.Setting(s => s.Centered);
        meanSquares = Slots();
        meanGradients = centered ? Slots() : [];
        moments = momentum > 0 ? Slots() : [];
        rhoScalar = Held(rho);
        rhoComplement = Held(1 - rho);
        momentumScalar = Held(momentum);
        epsilonScalar = Held(epsilon);
        minusOne = Held(-1);
    }

    protected override void Update(int index, Tensor parameter, Tensor gradient)
    {
        meanSquares[index].mul_(rhoScalar).addcmul_(gradient, gradient, value: rhoComplement);
        using var denominator = centered
            ? meanSquares[index].addcmul(meanGradients[index].mul_(rhoScalar).add_(gradient, alpha: rhoComplement), meanGradients[index], value: minusOne)
            : meanSquares[index].clone();
        if (moments.Length == 0)
        {
            using var step = (-LearningRate).ToScalar();
            parameter.addcdiv_(gradient, denominator.sqrt_().add_(epsilonScalar, One), value: step);
            return;
        }

        using var rate = LearningRate.ToScalar();
        moments[index].mul_(momentumScalar).addcdiv_(gradient, denominator.add_(epsilonScalar, One).sqrt_(), value: rate);
        parameter.sub_(moments[index]);
    }
}
