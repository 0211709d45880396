using Sweep.Training.Specs;
using Sweep.Training.Torch.Optimizers;

namespace Sweep.Training.Tests.Optimizers;

public sealed class TensorFlowSgdTests
{
    private const double Lr = 0.1;

    [Fact]
    public void Step_Plain_SubtractsLearningRateTimesGradient()
    {
        var actual = Run(new OptimizerSpec("sgd", Lr));

        OptimizerSteps.AssertClose(ByHand(Lr, momentum: 0, nesterov: false, decay: 0), actual);
    }

    [Fact]
    public void Step_Momentum_AddsKerasVelocity()
    {
        var actual = Run(new OptimizerSpec("sgd", Lr, Momentum: 0.9));

        OptimizerSteps.AssertClose(ByHand(Lr, momentum: 0.9, nesterov: false, decay: 0), actual);
    }

    [Fact]
    public void Step_Nesterov_AddsMomentumTimesVelocityMinusStep()
    {
        var actual = Run(new OptimizerSpec("sgd", Lr, Momentum: 0.9, Nesterov: true));

        OptimizerSteps.AssertClose(ByHand(Lr, momentum: 0.9, nesterov: true, decay: 0), actual);
    }

    [Fact]
    public void Step_Decay_DividesLearningRateByOnePlusDecayTimesPastSteps()
    {
        var actual = Run(new OptimizerSpec("sgd", Lr, Decay: 0.5));

        OptimizerSteps.AssertClose(ByHand(Lr, momentum: 0, nesterov: false, decay: 0.5), actual);
    }

    [Fact]
    public void Step_NesterovWithDecay_UsesDecayedRateInBothTerms()
    {
        var actual = Run(new OptimizerSpec("sgd", Lr, Momentum: 0.8, Nesterov: true, Decay: 0.25));

        OptimizerSteps.AssertClose(ByHand(Lr, momentum: 0.8, nesterov: true, decay: 0.25), actual);
    }

    [Fact]
    public void Step_LearningRateChangedBetweenSteps_ScalesOnlyTheNewGradient()
    {
        // Keras folds lr into the velocity when a gradient arrives; torch.optim.SGD would rescale the old velocity too.
        var actual = OptimizerSteps.Run(
            (p, s) => new TensorFlowSgd(p, s),
            new OptimizerSpec("sgd", Lr, Momentum: 0.9),
            state => state.Optimizer.LearningRate = state.Step == 0 ? Lr : Lr / 10);

        var expected = new double[3];
        for (var i = 0; i < expected.Length; i++)
        {
            var v1 = -(Lr * OptimizerSteps.Gradients[0][i]);
            var v2 = (0.9 * v1) - (Lr / 10 * OptimizerSteps.Gradients[1][i]);
            expected[i] = OptimizerSteps.Initial[i] + v1 + v2;
        }

        OptimizerSteps.AssertClose(expected, actual);
    }

    private static double[] Run(OptimizerSpec spec) => OptimizerSteps.Run((p, s) => new TensorFlowSgd(p, s), spec);

    // keras optimizer_v2/gradient_descent.py with ApplyGradientDescent / ApplyKerasMomentum.
    private static double[] ByHand(double lr, double momentum, bool nesterov, double decay)
    {
        var w = (double[])OptimizerSteps.Initial.Clone();
        var v = new double[w.Length];
        for (var t = 0; t < OptimizerSteps.Gradients.Length; t++)
        {
            var lrT = lr / (1 + (decay * t));
            for (var i = 0; i < w.Length; i++)
            {
                var g = OptimizerSteps.Gradients[t][i];
                if (momentum == 0)
                {
                    w[i] -= lrT * g;
                    continue;
                }

                v[i] = (momentum * v[i]) - (lrT * g);
                w[i] += nesterov ? (momentum * v[i]) - (lrT * g) : v[i];
            }
        }

        return w;
    }
}
