using Sweep.Training.Specs;
using Sweep.Training.Torch.Optimizers;

namespace Sweep.Training.Tests.Optimizers;

public sealed class TensorFlowAdamaxTests
{
    private const double Lr = 0.01;

    [Fact]
    public void Step_GivenSettings_FollowsApplyAdaMax()
    {
        var actual = Run(new OptimizerSpec("adamax", Lr, 0.8, 0.5, 0.01));

        OptimizerSteps.AssertClose(ByHand(Lr, b1: 0.8, b2: 0.5, eps: 0.01), actual);
    }

    [Fact]
    public void Step_UnsetSettings_UseKerasDefaults()
    {
        var actual = Run(new OptimizerSpec("adamax", Lr));

        OptimizerSteps.AssertClose(ByHand(Lr, b1: 0.9, b2: 0.999, eps: 1e-7), actual);
    }

    private static double[] Run(OptimizerSpec spec) => OptimizerSteps.Run((p, s) => new TensorFlowAdamax(p, s), spec);

    // ApplyAdaMax: m = b1 m + (1 - b1) g; v = max(b2 v, |g|); var -= lr / (1 - b1^t) * m / (v + eps).
    private static double[] ByHand(double lr, double b1, double b2, double eps)
    {
        var w = (double[])OptimizerSteps.Initial.Clone();
        var m = new double[w.Length];
        var v = new double[w.Length];
        for (var t = 1; t <= OptimizerSteps.Gradients.Length; t++)
        {
            for (var i = 0; i < w.Length; i++)
            {
                var g = OptimizerSteps.Gradients[t - 1][i];
                m[i] = (b1 * m[i]) + ((1 - b1) * g);
                v[i] = Math.Max(b2 * v[i], Math.Abs(g));
                w[i] -= lr / (1 - Math.Pow(b1, t)) * (m[i] / (v[i] + eps));
            }
        }

        return w;
    }
}
