using Sweep.Training.Initializers;
using Sweep.Training.Specs;

namespace Sweep.Training.Tests.Initializers;

public sealed class RandomInitializerTests
{
    private const double StdTolerance = 0.02;
    private static readonly long[] Shape = [500, 400];

    [Fact]
    public void Create_RandomUniformDefaults_WithinPlusMinus005()
    {
        var sample = Sample.Draw(InitializerFactory.Create(new("random_uniform")), Shape);

        Assert.InRange(sample.Min, -0.05, 0.05);
        Assert.InRange(sample.Max, -0.05, 0.05);
        Assert.True(sample.Min < -0.0499 && sample.Max > 0.0499, $"range [{sample.Min}, {sample.Max}]");
        VarianceScalingInitializerTests.AssertRelativelyClose(0.05 / Math.Sqrt(3.0), sample.Std, StdTolerance);
    }

    [Fact]
    public void Create_RandomUniformAsymmetric_WithinBoundsWithUniformMeanAndStd()
    {
        var sample = Sample.Draw(InitializerFactory.Create(new("random_uniform", Minval: -1.0, Maxval: 3.0)), Shape);

        Assert.InRange(sample.Min, -1.0, 3.0);
        Assert.InRange(sample.Max, -1.0, 3.0);
        Assert.InRange(sample.Mean, 0.98, 1.02);
        VarianceScalingInitializerTests.AssertRelativelyClose(4.0 / Math.Sqrt(12.0), sample.Std, StdTolerance);
    }

    [Theory]
    [InlineData(null, null, 0.0, 0.05)]
    [InlineData(0.5, 2.0, 0.5, 2.0)]
    public void Create_RandomNormal_HasItsMeanAndStd(double? mean, double? stddev, double expectedMean, double expectedStd)
    {
        var sample = Sample.Draw(InitializerFactory.Create(new("random_normal", Mean: mean, Stddev: stddev)), Shape);

        Assert.InRange(sample.Mean, expectedMean - (0.01 * expectedStd), expectedMean + (0.01 * expectedStd));
        VarianceScalingInitializerTests.AssertRelativelyClose(expectedStd, sample.Std, StdTolerance);
        // Not truncated: some values lie beyond two standard deviations.
        Assert.Contains(sample.Values, v => Math.Abs(v - expectedMean) > 2.5 * expectedStd);
    }

    [Theory]
    [InlineData(null, null, 0.0, 0.05)]
    [InlineData(0.5, 2.0, 0.5, 2.0)]
    public void Create_TruncatedNormal_NoValueBeyondTwoStddevAndStdIsTruncatedStd(double? mean, double? stddev, double expectedMean, double expectedStd)
    {
        var sample = Sample.Draw(InitializerFactory.Create(new("truncated_normal", Mean: mean, Stddev: stddev)), Shape);

        var bound = 2.0 * expectedStd * (1 + 1e-6);
        Assert.InRange(sample.Min, expectedMean - bound, expectedMean + bound);
        Assert.InRange(sample.Max, expectedMean - bound, expectedMean + bound);
        Assert.InRange(sample.Mean, expectedMean - (0.01 * expectedStd), expectedMean + (0.01 * expectedStd));
        VarianceScalingInitializerTests.AssertRelativelyClose(
            VarianceScalingInitializer.TruncatedUnitStd * expectedStd, sample.Std, StdTolerance);
    }

    [Fact]
    public void Create_TruncatedNormal_RedrawsRatherThanClamps()
    {
        var sample = Sample.Draw(new TruncatedNormalInitializer(0.0, 1.0), Shape);

        // A truncated unit normal puts about 0.11% of its mass in 1.99 <= |z| < 2; clamping would put 4.6% there.
        var nearBound = sample.Values.Count(v => Math.Abs(v) >= 1.99f);
        Assert.InRange(nearBound, 0.0005 * sample.Values.Length, 0.002 * sample.Values.Length);
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void Create_SameSeed_IdenticalTensors(string name)
    {
        var initializer = InitializerFactory.Create(new InitializerSpec(name));

        var first = Sample.Draw(initializer, [30, 20], seed: 7);
        var second = Sample.Draw(initializer, [30, 20], seed: 7);

        Assert.Equal(first.Values, second.Values);
    }

    [Theory]
    [InlineData("glorot_uniform")]
    [InlineData("glorot_normal")]
    [InlineData("he_uniform")]
    [InlineData("he_normal")]
    [InlineData("lecun_uniform")]
    [InlineData("lecun_normal")]
    [InlineData("random_uniform")]
    [InlineData("random_normal")]
    [InlineData("truncated_normal")]
    [InlineData("orthogonal")]
    public void Create_DifferentSeeds_DifferentTensors(string name)
    {
        var initializer = InitializerFactory.Create(new InitializerSpec(name));

        var first = Sample.Draw(initializer, [30, 20], seed: 7);
        var second = Sample.Draw(initializer, [30, 20], seed: 8);

        Assert.NotEqual(first.Values, second.Values);
    }

    [Fact]
    public void Create_TwoDrawsFromOneGenerator_Differ()
    {
        var initializer = InitializerFactory.Create(new InitializerSpec("truncated_normal"));
        using var generator = new TorchSharp.torch.Generator(3);

        using var first = initializer.Create([30, 20], generator);
        using var second = initializer.Create([30, 20], generator);

        Assert.NotEqual(first.data<float>().ToArray(), second.data<float>().ToArray());
    }

    public static TheoryData<string> AllNames => [.. InitializerFactory.Names];
}
