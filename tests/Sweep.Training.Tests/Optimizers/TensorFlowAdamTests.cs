using Sweep.Training.Optimizers;
using Sweep.Training.Specs;
using static TorchSharp.torch;

namespace Sweep.Training.Tests.Optimizers;

public sealed class TensorFlowAdamTests
{
    [Fact]
    public void Step_TwoSteps_FollowTensorFlowsEpsilonHatRule()
    {
        const double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-7;
        using var w = tensor(new[] { 1.0, -2.0 }, dtype: float64).requires_grad_();
        using var adam = new TensorFlowAdam([w], new OptimizerSpec("adam", lr, b1, b2, eps, false));
        double[] g1 = [0.5, -3.0], g2 = [0.1, 2.0];

        Apply(w, adam, g1);
        Apply(w, adam, g2);

        // By hand, per element: m, v as exponential averages, alpha_t = lr * sqrt(1 - b2^t) / (1 - b1^t).
        for (var i = 0; i < 2; i++)
        {
            var m1 = (1 - b1) * g1[i];
            var v1 = (1 - b2) * g1[i] * g1[i];
            var w1 = new[] { 1.0, -2.0 }[i] - (lr * Math.Sqrt(1 - b2) / (1 - b1) * m1 / (Math.Sqrt(v1) + eps));
            var m2 = (b1 * m1) + ((1 - b1) * g2[i]);
            var v2 = (b2 * v1) + ((1 - b2) * g2[i] * g2[i]);
            var w2 = w1 - (lr * Math.Sqrt(1 - (b2 * b2)) / (1 - (b1 * b1)) * m2 / (Math.Sqrt(v2) + eps));
            Assert.Equal(w2, w[i].item<double>(), 1e-12);
        }
    }

    private static void Apply(Tensor w, TensorFlowAdam adam, double[] gradient)
    {
        adam.ZeroGrad();
        using var loss = w.mul(tensor(gradient, dtype: float64)).sum();
        loss.backward();
        adam.Step();
    }
}
