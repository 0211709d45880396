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

    [Fact]
    public void Rank_WithBaseline_ComparesEveryOtherConfigurationAndAdjustsTogether()
    {
        var configurations = new[] { "base", "better", "worse", "same", "single" }.Select(id => new ConfigurationInfo(id, id, "{}")).ToArray();
        var losses = new Dictionary<string, double[]>
        {
            ["base"] = [0.50, 0.52, 0.48, 0.51],
            ["better"] = [0.30, 0.31, 0.29, 0.33],
            ["worse"] = [0.70, 0.72, 0.69, 0.75],
            ["same"] = [0.49, 0.53, 0.50, 0.47],
            ["single"] = [0.1],
        };
        var outcomes = losses.SelectMany(pair => pair.Value.Select((loss, seed) => Outcome(pair.Key, seed, loss)));

        var ranking = Aggregation.Rank(configurations, outcomes, Metric.TestLoss, baselineId: "base").ToDictionary(a => a.Configuration.Id);

        Assert.Null(ranking["base"].VersusBaseline);
        Assert.Null(ranking["single"].VersusBaseline);
        var compared = new[] { "better", "worse", "same" };
        var welch = compared.Select(id => Comparison.Welch(losses[id], losses["base"])).ToArray();
        var holm = Comparison.Holm(welch.Select(w => w.P).ToArray());
        for (var i = 0; i < compared.Length; i++)
        {
            var comparison = ranking[compared[i]].VersusBaseline!;
            Assert.Equal(welch[i].Difference, comparison.Difference, 1e-12);
            Assert.Equal(welch[i].P, comparison.P, 1e-12);
            Assert.Equal(holm[i], comparison.AdjustedP, 1e-12);
            Assert.True(comparison.AdjustedP >= comparison.P);
        }

        Assert.Equal(Verdict.Better, ranking["better"].VersusBaseline!.VerdictFor(Metric.TestLoss.HigherIsBetter));
        Assert.Equal(Verdict.Worse, ranking["worse"].VersusBaseline!.VerdictFor(Metric.TestLoss.HigherIsBetter));
        Assert.Equal(Verdict.Same, ranking["same"].VersusBaseline!.VerdictFor(Metric.TestLoss.HigherIsBetter));
        Assert.Equal(Verdict.Worse, ranking["better"].VersusBaseline!.VerdictFor(higherIsBetter: true));
    }

    [Fact]
    public void Rank_BaselineWithOneSeedOrUnknown_ComparesNothing()
    {
        ConfigurationInfo a = new("a", "a", "{}"), b = new("b", "b", "{}");
        var outcomes = new[] { Outcome("a", 0, testLoss: 0.5), Outcome("b", 0, testLoss: 0.2), Outcome("b", 1, testLoss: 0.3) };

        Assert.All(Aggregation.Rank([a, b], outcomes, Metric.TestLoss, baselineId: "a"), r => Assert.Null(r.VersusBaseline));
        Assert.All(Aggregation.Rank([a, b], outcomes, Metric.TestLoss, baselineId: "gone"), r => Assert.Null(r.VersusBaseline));
    }

    [Fact]
    public void Rank_UndefinedValues_AreLeftOutOfTheComparison()
    {
        ConfigurationInfo a = new("a", "a", "{}"), b = new("b", "b", "{}");
        var outcomes = new[]
        {
            Outcome("a", 0, testLoss: 0.5), Outcome("a", 1, testLoss: 0.6),
            Outcome("b", 0, testLoss: 0.2), Outcome("b", 1, testLoss: 0.3), Outcome("b", 2, testLoss: double.NaN),
        };

        var comparison = Aggregation.Rank([a, b], outcomes, Metric.TestLoss, baselineId: "a").Single(r => r.Configuration.Id == "b").VersusBaseline!;

        Assert.Equal(Comparison.Welch([0.2, 0.3], [0.5, 0.6]).P, comparison.P, 1e-12);
        Assert.False(double.IsNaN(comparison.AdjustedP));
    }

    [Fact]
    public void RankByBound_PrefersTheNarrowerIntervalWhenMeansAreClose()
    {
        ConfigurationInfo steady = new("steady", "steady", "{}"), lucky = new("lucky", "lucky", "{}");
        var outcomes = new[]
        {
            Outcome("steady", 0, testLoss: 0.50), Outcome("steady", 1, testLoss: 0.51), Outcome("steady", 2, testLoss: 0.49),
            Outcome("lucky", 0, testLoss: 0.10), Outcome("lucky", 1, testLoss: 0.90), Outcome("lucky", 2, testLoss: 0.41),
        };

        var ranking = Aggregation.Rank([steady, lucky], outcomes, Metric.TestLoss);
        var byBound = Aggregation.RankByBound(ranking, Metric.TestLoss);

        Assert.Equal(["lucky", "steady"], ranking.Select(r => r.Configuration.Id));
        Assert.Equal(1, byBound["steady"]);
        Assert.Equal(2, byBound["lucky"]);
    }

    private static TrialOutcome Outcome(string configuration, int seed, double testLoss) =>
        new(configuration, seed, TrialState.Completed, new TrialMetrics(1, 0.5, 0.1, testLoss, 0.2, 0.3, 1), null, "s", default, default);
}
