using Sweep.Training.Specs;
using Sweep.Training.Torch.Optimizers;

namespace Sweep.Training.Tests.Optimizers;

public sealed class TensorFlowAdagradTests
{
    private const double Lr = 0.1;

    [Fact]
    public void Step_GivenSettings_FollowsApplyAdagradV2()
    {
        var actual = Run(new OptimizerSpec("adagrad", Lr, Epsilon: 0.01, InitialAccumulatorValue: 0.5));

        OptimizerSteps.AssertClose(ByHand(Lr, initialAccumulator: 0.5, eps: 0.01), actual);
    }

    [Fact]
    public void Step_UnsetSettings_UseKerasDefaults()
    {
        var actual = Run(new OptimizerSpec("adagrad", Lr));

        OptimizerSteps.AssertClose(ByHand(Lr, initialAccumulator: 0.1, eps: 1e-7), actual);
    }

    private static double[] Run(OptimizerSpec spec) => OptimizerSteps.Run((p, s) => new TensorFlowAdagrad(p, s), spec);

    // ApplyAdagradV2: accum += g^2; var -= lr * g / (sqrt(accum) + eps).
    private static double[] ByHand(double lr, double initialAccumulator, double eps)
    {
        var w = (double[])OptimizerSteps.Initial.Clone();
        var accum = Enumerable.Repeat(initialAccumulator, w.Length).ToArray();
        foreach (var gradient in OptimizerSteps.Gradients)
        {
            for (var i = 0; i < w.Length; i++)
            {
                var g = gradient[i];
                accum[i] += g * g;
                w[i] -= lr * g / (Math.Sqrt(accum[i]) + eps);
            }
        }

        return w;
    }
}
