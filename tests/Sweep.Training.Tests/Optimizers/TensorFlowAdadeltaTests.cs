using Sweep.Training.Specs;
using Sweep.Training.Torch.Optimizers;

namespace Sweep.Training.Tests.Optimizers;

public sealed class TensorFlowAdadeltaTests
{
    [Fact]
    public void Step_GivenSettings_FollowsApplyAdadelta()
    {
        var actual = Run(new OptimizerSpec("adadelta", 1.0, Epsilon: 0.01, Rho: 0.8));

        OptimizerSteps.AssertClose(ByHand(1.0, rho: 0.8, eps: 0.01), actual);
    }

    [Fact]
    public void Step_UnsetSettings_UseKerasDefaults()
    {
        var actual = Run(new OptimizerSpec("adadelta", 0.5));

        OptimizerSteps.AssertClose(ByHand(0.5, rho: 0.95, eps: 1e-7), actual);
    }

    private static double[] Run(OptimizerSpec spec) => OptimizerSteps.Run((p, s) => new TensorFlowAdadelta(p, s), spec);

    // ApplyAdadelta: the update accumulator is refreshed after the step, with the update before lr.
    private static double[] ByHand(double lr, double rho, double eps)
    {
        var w = (double[])OptimizerSteps.Initial.Clone();
        var accum = new double[w.Length];
        var accumUpdate = new double[w.Length];
        foreach (var gradient in OptimizerSteps.Gradients)
        {
            for (var i = 0; i < w.Length; i++)
            {
                var g = gradient[i];
                accum[i] = (rho * accum[i]) + ((1 - rho) * g * g);
                var update = Math.Sqrt(accumUpdate[i] + eps) / Math.Sqrt(accum[i] + eps) * g;
                w[i] -= lr * update;
                accumUpdate[i] = (rho * accumUpdate[i]) + ((1 - rho) * update * update);
            }
        }

        return w;
    }
}
