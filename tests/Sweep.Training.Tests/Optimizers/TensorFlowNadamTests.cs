using Sweep.Training.Specs;
using Sweep.Training.Torch.Optimizers;

namespace Sweep.Training.Tests.Optimizers;

public sealed class TensorFlowNadamTests
{
    private const double Lr = 0.01;

    [Fact]
    public void Step_GivenSettings_FollowsKerasMomentumSchedule()
    {
        var actual = Run(new OptimizerSpec("nadam", Lr, 0.8, 0.5, 0.01));

        OptimizerSteps.AssertClose(ByHand(Lr, b1: 0.8, b2: 0.5, eps: 0.01), actual);
    }

    [Fact]
    public void Step_UnsetSettings_UseKerasDefaults()
    {
        var actual = Run(new OptimizerSpec("nadam", Lr));

        OptimizerSteps.AssertClose(ByHand(Lr, b1: 0.9, b2: 0.999, eps: 1e-7), actual);
    }

    private static double[] Run(OptimizerSpec spec) => OptimizerSteps.Run((p, s) => new TensorFlowNadam(p, s), spec);

    // keras optimizer_v2/nadam.py _prepare_local and _resource_apply_dense, written out as there.
    private static double[] ByHand(double lr, double b1, double b2, double eps)
    {
        var w = (double[])OptimizerSteps.Initial.Clone();
        var m = new double[w.Length];
        var v = new double[w.Length];
        var mCache = 1.0;
        for (var t = 1; t <= OptimizerSteps.Gradients.Length; t++)
        {
            var mT = b1 * (1 - (0.5 * Math.Pow(0.96, 0.004 * t)));
            var mT1 = b1 * (1 - (0.5 * Math.Pow(0.96, 0.004 * (t + 1))));
            var mScheduleNew = mCache * mT;
            mCache = mScheduleNew;
            var mScheduleNext = mScheduleNew * mT1;
            for (var i = 0; i < w.Length; i++)
            {
                var g = OptimizerSteps.Gradients[t - 1][i];
                var gPrime = g / (1 - mScheduleNew);
                m[i] = (b1 * m[i]) + ((1 - b1) * g);
                var mPrime = m[i] / (1 - mScheduleNext);
                v[i] = (b2 * v[i]) + ((1 - b2) * g * g);
                var vPrime = v[i] / (1 - Math.Pow(b2, t));
                var mBar = ((1 - mT) * gPrime) + (mT1 * mPrime);
                w[i] -= lr * mBar / (Math.Sqrt(vPrime) + eps);
            }
        }

        return w;
    }
}
