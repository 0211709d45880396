using Sweep.Training.Specs;
using Sweep.Training.Torch.Optimizers;
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

    [Fact]
    public void Step_Amsgrad_DividesByMaximumOfSecondMoments()
    {
        var actual = Run(new OptimizerSpec("adam", 0.01, 0.8, 0.5, 0.01, Amsgrad: true));

        OptimizerSteps.AssertClose(ByHand(0.01, b1: 0.8, b2: 0.5, eps: 0.01, amsgrad: true), actual);
    }

    [Fact]
    public void Step_AmsgradOff_DividesByCurrentSecondMoments()
    {
        var actual = Run(new OptimizerSpec("adam", 0.01, 0.8, 0.5, 0.01, Amsgrad: false));

        OptimizerSteps.AssertClose(ByHand(0.01, b1: 0.8, b2: 0.5, eps: 0.01, amsgrad: false), actual);
    }

    [Fact]
    public void Step_UnsetSettings_UseKerasDefaults()
    {
        var actual = Run(new OptimizerSpec("adam", 0.01));

        OptimizerSteps.AssertClose(ByHand(0.01, b1: 0.9, b2: 0.999, eps: 1e-7, amsgrad: false), actual);
    }

    private static double[] Run(OptimizerSpec spec) => OptimizerSteps.Run((p, s) => new TensorFlowAdam(p, s), spec);

    // ApplyAdam / ApplyAdamWithAmsgrad: alpha_t = lr * sqrt(1 - b2^t) / (1 - b1^t); vhat = max(vhat, v).
    private static double[] ByHand(double lr, double b1, double b2, double eps, bool amsgrad)
    {
        var w = (double[])OptimizerSteps.Initial.Clone();
        var m = new double[w.Length];
        var v = new double[w.Length];
        var vhat = new double[w.Length];
        for (var t = 1; t <= OptimizerSteps.Gradients.Length; t++)
        {
            var alpha = lr * Math.Sqrt(1 - Math.Pow(b2, t)) / (1 - Math.Pow(b1, t));
            for (var i = 0; i < w.Length; i++)
            {
                var g = OptimizerSteps.Gradients[t - 1][i];
                m[i] = (b1 * m[i]) + ((1 - b1) * g);
                v[i] = (b2 * v[i]) + ((1 - b2) * g * g);
                vhat[i] = Math.Max(vhat[i], v[i]);
                w[i] -= alpha * m[i] / (Math.Sqrt(amsgrad ? vhat[i] : v[i]) + eps);
            }
        }

        return w;
    }

    private static void Apply(Tensor w, TensorFlowAdam adam, double[] gradient)
    {
        adam.ZeroGrad();
        using var loss = w.mul(tensor(gradient, dtype: float64)).sum();
        loss.backward();
        adam.Step();
    }
}
