using Sweep.Grains.Results;

namespace Sweep.Grains.Tests.Results;

/// <summary>Reference values from SciPy 1.10 (<c>scipy.stats.ttest_ind(a, b, equal_var=False)</c>, and <c>t.ppf</c> for the interval).</summary>
public sealed class ComparisonTests
{
    [Fact]
    public void Welch_ClearDifference_MatchesScipy()
    {
        var comparison = Comparison.Welch(
            [0.816, 0.802, 0.831, 0.809, 0.824, 0.795, 0.828, 0.811],
            [0.767, 0.771, 0.759, 0.774, 0.762, 0.769, 0.758, 0.776, 0.770]);

        Assert.Equal(0.04716666666666658, comparison.Difference, 1e-12);
        Assert.Equal(9.497622177754588, comparison.T, 1e-9);
        Assert.Equal(10.078539290892204, comparison.DegreesOfFreedom, 1e-9);
        Assert.Equal(2.3999478084897713e-06, comparison.P, 1e-12);
        Assert.Equal(0.03611306015227049, comparison.ConfidenceLow, 1e-9);
        Assert.Equal(0.05822027318106267, comparison.ConfidenceHigh, 1e-9);
    }

    [Theory]
    [InlineData(new[] { 3.0, 4, 5 }, new[] { 1.0, 2, 3 }, true, 0.9444444444444444)]
    [InlineData(new[] { 3.0, 4, 5 }, new[] { 1.0, 2, 3 }, false, 0.05555555555555555)]
    [InlineData(new[] { 0.70, 0.74, 0.69, 0.73 }, new[] { 0.71, 0.72, 0.70, 0.745, 0.69 }, true, 0.5)]
    public void ProbabilityBetter_MatchesScipysMannWhitneyU(double[] sample, double[] baseline, bool higherIsBetter, double expected)
    {
        // scipy.stats.mannwhitneyu(sample, baseline).statistic / (len(sample) * len(baseline)); lower-is-better swaps the sides.
        Assert.Equal(expected, Comparison.ProbabilityBetter(sample, baseline, higherIsBetter), 1e-12);
    }

    [Fact]
    public void Welch_NoRealDifference_MatchesScipy()
    {
        var comparison = Comparison.Welch([0.70, 0.74, 0.69, 0.73], [0.71, 0.72, 0.70, 0.745, 0.69]);

        Assert.Equal(0.13168538439184413, comparison.T, 1e-9);
        Assert.Equal(6.136875818989778, comparison.DegreesOfFreedom, 1e-9);
        Assert.Equal(0.8994446723886695, comparison.P, 1e-9);
        Assert.Equal(-0.03496299792389604, comparison.ConfidenceLow, 1e-9);
        Assert.Equal(0.03896299792389604, comparison.ConfidenceHigh, 1e-9);
    }

    [Fact]
    public void Welch_NoSpread_IsCertainEitherWay()
    {
        Assert.Equal(0, Comparison.Welch([1.0, 1.0], [0.5, 0.5]).P);
        Assert.Equal(1, Comparison.Welch([1.0, 1.0], [1.0, 1.0]).P);
    }

    [Fact]
    public void Welch_OneValue_SaysWhatItNeeds()
    {
        var error = Assert.Throws<ArgumentException>(() => Comparison.Welch([0.5], [0.4, 0.6]));

        Assert.Equal("Welch's test needs two values per side; got 1 and 2", error.Message);
    }

    [Fact]
    public void Holm_TextbookSet_StepsDownAndStaysMonotone()
    {
        // Sorted: 0.005 x 4 = 0.02; 0.01 x 3 = 0.03; 0.03 x 2 = 0.06; 0.04 x 1 = 0.04, raised to 0.06 to stay monotone.
        var adjusted = Comparison.Holm([0.01, 0.04, 0.03, 0.005]);

        Assert.Equal([0.03, 0.06, 0.06, 0.02], adjusted.Select(p => Math.Round(p, 12)));
    }

    [Fact]
    public void Holm_LargeValues_AreCappedAtOne()
    {
        // Sorted: 0.1 x 3 = 0.3; 0.6 x 2 = 1.2, capped at 1; 0.7 x 1 = 0.7, raised to 1.
        Assert.Equal([1.0, 1.0, 0.3], Comparison.Holm([0.6, 0.7, 0.1]).Select(p => Math.Round(p, 12)));
    }
}
