using Sweep.Training.Specs;
using Sweep.Training.Torch.Optimizers;
using static TorchSharp.torch;

namespace Sweep.Training.Tests.Optimizers;

/// <summary>Runs an optimizer on a float64 parameter vector whose gradients are given step by step.</summary>
internal static class OptimizerSteps
{
    public static readonly double[] Initial = [1.0, -2.0, 0.5];

    // Step 2 shrinks some gradients and grows others, so max-based rules (amsgrad, adamax) take both branches.
    public static readonly double[][] Gradients = [[0.5, -3.0, 0.25], [0.1, 2.0, -0.75]];

    public static double[] Run(Func<IReadOnlyList<Tensor>, OptimizerSpec, IOptimizer> create, OptimizerSpec spec) =>
        Run(create, spec, _ => { });

    /// <summary>Runs every step of <see cref="Gradients"/>; <paramref name="beforeStep"/> gets the optimizer and the step index.</summary>
    public static double[] Run(
        Func<IReadOnlyList<Tensor>, OptimizerSpec, IOptimizer> create, OptimizerSpec spec, Action<(IOptimizer Optimizer, int Step)> beforeStep)
    {
        using var w = tensor(Initial, dtype: float64).requires_grad_();
        using var optimizer = create([w], spec);
        for (var step = 0; step < Gradients.Length; step++)
        {
            beforeStep((optimizer, step));
            optimizer.ZeroGrad();
            using var loss = w.mul(tensor(Gradients[step], dtype: float64)).sum();
            loss.backward();
            optimizer.Step();
        }

        return w.data<double>().ToArray();
    }

    public static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-12);
        }
    }
}
