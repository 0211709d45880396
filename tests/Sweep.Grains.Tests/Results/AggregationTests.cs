using Sweep.Grains.Contracts;
using Sweep.Grains.Results;
using Sweep.Training.Sweeps;

namespace Sweep.Grains.Tests.Results;

public sealed class AggregationTests
{
    [Fact]
    public void Summarize_KnownSample_GivesTextbookStatistics()
    {
        var summary = Aggregation.Summarize([0.7, 0.8, 0.9, 0.6]);

        // mean 0.75; sample variance ((0.05^2 + 0.05^2 + 0.15^2 + 0.15^2) / 3) = 0.05/3; t(0.975, 3) = 3.182446305284263.
        var std = Math.Sqrt(0.05 / 3);
        var half = 3.182446305284263 * std / 2;
        Assert.Equal(4, summary.N);
        Assert.Equal(0.75, summary.Mean, 1e-12);
        Assert.Equal(std, summary.StandardDeviation, 1e-12);
        Assert.Equal(0.6, summary.Min);
        Assert.Equal(0.9, summary.Max);
        Assert.Equal(0.75 - half, summary.ConfidenceLow, 1e-9);
        Assert.Equal(0.75 + half, summary.ConfidenceHigh, 1e-9);
    }

    [Fact]
    public void Summarize_OneValue_HasNoSpread()
    {
        var summary = Aggregation.Summarize([0.5]);

        Assert.Equal(1, summary.N);
        Assert.Equal(0.5, summary.Mean);
        Assert.True(double.IsNaN(summary.StandardDeviation));
        Assert.True(double.IsNaN(summary.ConfidenceLow));
    }

    [Fact]
    public void Rank_LossMetric_PutsLowestFirstAndEmptyLast()
    {
        ConfigurationInfo a = new("a", "a", "{}"), b = new("b", "b", "{}"), c = new("c", "c", "{}");
        var outcomes = new[]
        {
            Outcome("a", 0, testLoss: 0.5), Outcome("a", 1, testLoss: 0.7),
            Outcome("b", 0, testLoss: 0.2), Outcome("b", 1, testLoss: 0.4),
            new TrialOutcome("c", 0, TrialState.Failed, null, "boom", "s", default, default),
        };

        var ranking = Aggregation.Rank([a, b, c], outcomes, Metric.TestLoss);

        Assert.Equal(["b", "a", "c"], ranking.Select(r => r.Configuration.Id));
        Assert.Equal(0.3, ranking[0].Metrics["test_loss"].Mean, 1e-12);
        Assert.Equal(1, ranking[2].Failed);
        Assert.Equal(0, ranking[2].Completed);
    }

    private static TrialOutcome Outcome(string configuration, int seed, double testLoss) =>
        new(configuration, seed, TrialState.Completed, new TrialMetrics(1, 0.5, 0.1, testLoss, 0.2, 0.3, 1), null, "s", default, default);
}
