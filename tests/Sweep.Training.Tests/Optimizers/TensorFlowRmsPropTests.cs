using Sweep.Training.Specs;
using Sweep.Training.Torch.Optimizers;

namespace Sweep.Training.Tests.Optimizers;

public sealed class TensorFlowRmsPropTests
{
    private const double Lr = 0.01;

    // A large epsilon makes its placement (inside or outside the root) visible far above the tolerance.
    private const double Eps = 0.01;

    [Fact]
    public void Step_Plain_AddsEpsilonOutsideTheRoot()
    {
        var actual = Run(new OptimizerSpec("rmsprop", Lr, Epsilon: Eps, Rho: 0.8));

        OptimizerSteps.AssertClose(ByHand(Lr, rho: 0.8, momentum: 0, Eps, centered: false), actual);
    }

    [Fact]
    public void Step_Momentum_AddsEpsilonInsideTheRoot()
    {
        var actual = Run(new OptimizerSpec("rmsprop", Lr, Epsilon: Eps, Momentum: 0.9, Rho: 0.8));

        OptimizerSteps.AssertClose(ByHand(Lr, rho: 0.8, momentum: 0.9, Eps, centered: false), actual);
    }

    [Fact]
    public void Step_Centered_SubtractsSquaredMeanGradient()
    {
        var actual = Run(new OptimizerSpec("rmsprop", Lr, Epsilon: Eps, Rho: 0.8, Centered: true));

        OptimizerSteps.AssertClose(ByHand(Lr, rho: 0.8, momentum: 0, Eps, centered: true), actual);
    }

    [Fact]
    public void Step_CenteredWithMomentum_FollowsCenteredRmsPropKernel()
    {
        var actual = Run(new OptimizerSpec("rmsprop", Lr, Epsilon: Eps, Momentum: 0.5, Rho: 0.8, Centered: true));

        OptimizerSteps.AssertClose(ByHand(Lr, rho: 0.8, momentum: 0.5, Eps, centered: true), actual);
    }

    [Fact]
    public void Step_UnsetSettings_UseKerasDefaults()
    {
        var actual = Run(new OptimizerSpec("rmsprop", Lr));

        OptimizerSteps.AssertClose(ByHand(Lr, rho: 0.9, momentum: 0, eps: 1e-7, centered: false), actual);
    }

    private static double[] Run(OptimizerSpec spec) => OptimizerSteps.Run((p, s) => new TensorFlowRmsProp(p, s), spec);

    // keras optimizer_v2/rmsprop.py: momentum > 0 uses ApplyRMSProp / ApplyCenteredRMSProp, else its Python path.
    private static double[] ByHand(double lr, double rho, double momentum, double eps, bool centered)
    {
        var w = (double[])OptimizerSteps.Initial.Clone();
        var ms = new double[w.Length];
        var mg = new double[w.Length];
        var mom = new double[w.Length];
        foreach (var gradient in OptimizerSteps.Gradients)
        {
            for (var i = 0; i < w.Length; i++)
            {
                var g = gradient[i];
                ms[i] = (rho * ms[i]) + ((1 - rho) * g * g);
                var denom = ms[i];
                if (centered)
                {
                    mg[i] = (rho * mg[i]) + ((1 - rho) * g);
                    denom = ms[i] - (mg[i] * mg[i]);
                }

                if (momentum > 0)
                {
                    mom[i] = (momentum * mom[i]) + (lr * g / Math.Sqrt(denom + eps));
                    w[i] -= mom[i];
                }
                else
                {
                    w[i] -= lr * g / (Math.Sqrt(denom) + eps);
                }
            }
        }

        return w;
    }
}
