using Sweep.Training.Initializers;

namespace Sweep.Training.Tests.Initializers;

/// <summary>
/// On (500, 400), fan_in = 500 and fan_avg = 450, so a wrong mode moves the std by 5% or more; on
/// (3, 3, 64, 128), fan_in = 576 and fan_avg = 864. The std of a sample this large is within 0.3% of
/// the truth, so 2% leaves room for chance and none for a wrong formula.
/// </summary>
public sealed class VarianceScalingInitializerTests
{
    private const double StdTolerance = 0.02;

    public static TheoryData<string, long[], double> UniformCases => new()
    {
        { "glorot_uniform", [500, 400], Math.Sqrt(6.0 / (500 + 400)) },
        { "he_uniform", [500, 400], Math.Sqrt(6.0 / 500) },
        { "lecun_uniform", [500, 400], Math.Sqrt(3.0 / 500) },
        { "glorot_uniform", [3, 3, 64, 128], Math.Sqrt(6.0 / (576 + 1152)) },
        { "he_uniform", [3, 3, 64, 128], Math.Sqrt(6.0 / 576) },
        { "lecun_uniform", [3, 3, 64, 128], Math.Sqrt(3.0 / 576) },
    };

    public static TheoryData<string, long[], double> NormalCases => new()
    {
        { "glorot_normal", [500, 400], Math.Sqrt(2.0 / (500 + 400)) },
        { "he_normal", [500, 400], Math.Sqrt(2.0 / 500) },
        { "lecun_normal", [500, 400], Math.Sqrt(1.0 / 500) },
        { "glorot_normal", [3, 3, 64, 128], Math.Sqrt(2.0 / (576 + 1152)) },
        { "he_normal", [3, 3, 64, 128], Math.Sqrt(2.0 / 576) },
        { "lecun_normal", [3, 3, 64, 128], Math.Sqrt(1.0 / 576) },
    };

    [Theory]
    [MemberData(nameof(UniformCases))]
    public void Create_UniformPreset_ValuesWithinLimitAndStdIsLimitOverSqrt3(string name, long[] shape, double limit)
    {
        var sample = Sample.Draw(InitializerFactory.Create(new(name)), shape);

        Assert.InRange(sample.Min, -limit, limit);
        Assert.InRange(sample.Max, -limit, limit);
        // The sample reaches near both ends: the limit is not smaller than it should be.
        Assert.True(sample.Max > limit * 0.999 && sample.Min < -limit * 0.999, $"range [{sample.Min}, {sample.Max}], limit {limit}");
        AssertRelativelyClose(limit / Math.Sqrt(3.0), sample.Std, StdTolerance);
        Assert.InRange(sample.Mean, -0.01 * limit, 0.01 * limit);
    }

    [Theory]
    [MemberData(nameof(NormalCases))]
    public void Create_TruncatedNormalPreset_StdAfterTruncationIsSqrtScaleOverN(string name, long[] shape, double std)
    {
        var sample = Sample.Draw(InitializerFactory.Create(new(name)), shape);

        AssertRelativelyClose(std, sample.Std, StdTolerance);
        Assert.InRange(sample.Mean, -0.01 * std, 0.01 * std);
        // Truncated at two standard deviations of the normal before truncation.
        var bound = 2.0 * std / VarianceScalingInitializer.TruncatedUnitStd * (1 + 1e-6);
        Assert.InRange(sample.Min, -bound, bound);
        Assert.InRange(sample.Max, -bound, bound);
    }

    [Fact]
    public void Create_FanOutUntruncatedNormal_StdIsSqrtScaleOverFanOut()
    {
        var initializer = new VarianceScalingInitializer(3.0, FanMode.FanOut, ScalingDistribution.UntruncatedNormal);

        var sample = Sample.Draw(initializer, [400, 500]);

        AssertRelativelyClose(Math.Sqrt(3.0 / 500), sample.Std, StdTolerance);
        // Untruncated: 4.6% of the values lie beyond two standard deviations.
        var beyond = sample.Values.Count(v => Math.Abs(v) > 2 * Math.Sqrt(3.0 / 500));
        Assert.InRange(beyond, 0.04 * sample.Values.Length, 0.05 * sample.Values.Length);
    }

    [Fact]
    public void Variance_FanSmallerThanOne_DividesByOne()
    {
        var initializer = new VarianceScalingInitializer(2.0, FanMode.FanIn, ScalingDistribution.Uniform);

        Assert.Equal(2.0, initializer.Variance([0, 5]));
    }

    [Fact]
    public void Constructor_NonPositiveScale_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => new VarianceScalingInitializer(0.0, FanMode.FanIn, ScalingDistribution.Uniform));

        Assert.StartsWith("The scale must be positive.", error.Message);
    }

    internal static void AssertRelativelyClose(double expected, double actual, double tolerance)
    {
        Assert.True(
            Math.Abs(actual - expected) <= tolerance * expected,
            $"expected {expected} within {tolerance:P0}, got {actual} ({(actual / expected) - 1:P2} off)");
    }
}
