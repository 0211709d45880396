using Sweep.Training.Regularizers;
using static TorchSharp.torch;

namespace Sweep.Training.Tests.Regularizers;

/// <summary>
/// Each regularizer's value and gradient on x = [[1.5, -2, 0], [0.25, -0.5, 3]], worked by hand:
/// sum|x| = 7.25, sum x^2 = 15.5625; d(c1 sum|x|)/dx = c1 sign(x) (0 at 0, as TensorFlow's abs), d(c2 sum x^2)/dx = 2 c2 x.
/// </summary>
public sealed class PenaltyGradientTests
{
    private const double C1 = 0.01;
    private const double C2 = 0.002;
    private static readonly float[] Values = [1.5f, -2f, 0f, 0.25f, -0.5f, 3f];
    private static readonly double[] Sign = [1, -1, 0, 1, -1, 1];

    [Fact]
    public void L1_ValueAndGradient_EqualHandComputed()
    {
        var (value, gradient) = Evaluate(new L1Penalty(C1));

        Assert.Equal(C1 * 7.25, value, 1e-7);
        AssertClose(Sign.Select(s => C1 * s), gradient);
    }

    [Fact]
    public void L2_ValueAndGradient_EqualHandComputed()
    {
        var (value, gradient) = Evaluate(new L2Penalty(C2));

        Assert.Equal(C2 * 15.5625, value, 1e-7);
        AssertClose(Values.Select(x => 2 * C2 * x), gradient);
    }

    [Fact]
    public void L1L2_ValueAndGradient_AreTheSums()
    {
        var (value, gradient) = Evaluate(new L1L2Penalty(C1, C2));

        Assert.Equal((C1 * 7.25) + (C2 * 15.5625), value, 1e-7);
        AssertClose(Values.Select((x, i) => (C1 * Sign[i]) + (2 * C2 * x)), gradient);
    }

    [Fact]
    public void PerRow_ImageShapedOutput_SumsEverythingButTheRows()
    {
        using var x = tensor(Values, [2, 1, 3, 1]);

        using var perRow = new L1L2Penalty(C1, C2).PerRow(x);

        Assert.Equal(new long[] { 2 }, perRow.shape);
        Assert.Equal((C1 * 3.5) + (C2 * 6.25), perRow[0].item<float>(), 1e-7);
        Assert.Equal((C1 * 3.75) + (C2 * 9.3125), perRow[1].item<float>(), 1e-7);
    }

    private static (double Value, float[] Gradient) Evaluate(IPenalty penalty)
    {
        using var x = tensor(Values, [2, 3]).requires_grad_();
        using var value = penalty.Total(x);
        value.backward();
        return (value.item<float>(), x.grad!.data<float>().ToArray());
    }

    private static void AssertClose(IEnumerable<double> expected, float[] actual) =>
        Assert.Equal(expected.ToArray(), actual.Select(v => (double)v).ToArray(), (a, b) => Math.Abs(a - b) < 1e-7);
}
