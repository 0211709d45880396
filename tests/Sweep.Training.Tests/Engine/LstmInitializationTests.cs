using Sweep.Training.Specs;
using Sweep.Training.Torch.Layers;
using static TorchSharp.torch;

namespace Sweep.Training.Tests.Engine;

/// <summary>
/// LstmLayer's initial weights as tf.keras 2.x draws them: kernel glorot_uniform over (features, 4*units),
/// recurrent kernel orthogonal over (units, 4*units) (rows orthonormal, as there are fewer rows than
/// columns), bias zeros with the forget gate's part at 1 under unit_forget_bias. Checked in double loops.
/// </summary>
public sealed class LstmInitializationTests
{
    [Fact]
    public void Constructor_UnitForgetBias_BiasIsZerosThenOnesForTheForgetGate()
    {
        var weights = Weights(3, 4, unitForgetBias: true);

        Assert.Equal(new float[] { 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0 }, weights["bias"]);
    }

    [Fact]
    public void Constructor_NoUnitForgetBias_BiasIsAllZeros()
    {
        var weights = Weights(3, 4, unitForgetBias: false);

        Assert.Equal(new float[16], weights["bias"]);
    }

    [Fact]
    public void Constructor_UnitForgetBiasWithRandomNormal_OnlyTheForgetPartIsOnes()
    {
        var weights = Weights(3, 4, unitForgetBias: true, new InitializerSpec("random_normal", Mean: 0, Stddev: 0.5));
        var bias = weights["bias"];

        Assert.Equal(new float[] { 1, 1, 1, 1 }, bias[4..8]);
        Assert.All(bias[..4].Concat(bias[8..]), b => Assert.NotEqual(1f, b));
        Assert.Equal(12, bias[..4].Concat(bias[8..]).Distinct().Count());
    }

    [Theory]
    [InlineData(3, 4)]
    [InlineData(5, 8)]
    public void Constructor_DefaultRecurrent_RowsAreOrthonormal(int features, int units)
    {
        var recurrent = Weights(features, units, unitForgetBias: true)["recurrent"];

        Assert.Equal(units * 4 * units, recurrent.Length);
        var columns = 4 * units;
        for (var a = 0; a < units; a++)
        {
            for (var b = 0; b < units; b++)
            {
                double dot = 0;
                for (var g = 0; g < columns; g++)
                {
                    dot += (double)recurrent[(a * columns) + g] * recurrent[(b * columns) + g];
                }

                Assert.True(Math.Abs(dot - (a == b ? 1 : 0)) <= 1e-5, $"row {a} · row {b} = {dot}");
            }
        }
    }

    [Fact]
    public void Constructor_DefaultKernel_WithinGlorotBound()
    {
        var kernel = Weights(3, 4, unitForgetBias: true)["kernel"];
        var bound = Math.Sqrt(6.0 / (3 + 16));

        Assert.Equal(3 * 16, kernel.Length);
        Assert.All(kernel, w => Assert.InRange(w, -bound, bound));
    }

    [Fact]
    public void Constructor_LargeDefaultKernel_StdIsGlorotBoundOverSqrt3()
    {
        // (64, 128): bound sqrt(6 / 192). The std of 8192 uniform draws is within 0.5% of the truth (one sigma).
        var kernel = Weights(64, 32, unitForgetBias: true)["kernel"];
        var bound = Math.Sqrt(6.0 / (64 + 128));

        Assert.All(kernel, w => Assert.InRange(w, -bound, bound));
        Assert.True(kernel.Max() > 0.99 * bound && kernel.Min() < -0.99 * bound, $"range [{kernel.Min()}, {kernel.Max()}], bound {bound}");
        var mean = kernel.Average(w => (double)w);
        var std = Math.Sqrt(kernel.Sum(w => (w - mean) * (w - mean)) / kernel.Length);
        Assert.InRange(std, 0.97 * bound / Math.Sqrt(3), 1.03 * bound / Math.Sqrt(3));
    }

    private static Dictionary<string, float[]> Weights(int features, int units, bool unitForgetBias, InitializerSpec? bias = null)
    {
        var spec = new LstmSpec(units, Activation.Tanh, Activation.Sigmoid, false, unitForgetBias, 0, 0, null, BiasInitializer: bias);
        using var generator = new Generator(21);
        using var layer = new LstmLayer("lstm", features, spec, generator);
        var weights = LayerAssert.Parameters(layer);
        Assert.Equal(new[] { "bias", "kernel", "recurrent" }, weights.Keys.Order());
        Assert.Equal(4 * units, weights["bias"].Length);
        return weights;
    }
}
