using Sweep.Grains.Contracts;
using Sweep.Training.Engine;
using Sweep.Training.Sweeps;

namespace Sweep.Grains.Tests.Contracts;

/// <summary>Every metric reads its own value, from a trial's result and from the wire's summary of it alike.</summary>
public sealed class TrialMetricsTests
{
    // A distinct value per field, so a metric that reads another field's value fails.
    private static readonly TrialResult Result =
        new(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, ObservedLayer: 0, Seconds: 0.7, new TrainingHistory([], [], [], [], []), [], StoppedEarly: false)
        {
            ValAccuracy = 0.8,
            ValLoss = 0.9,
        };

    public static TheoryData<string, double> Expected => new()
    {
        { "train_accuracy", 0.1 },
        { "test_accuracy", 0.2 },
        { "train_loss", 0.3 },
        { "test_loss", 0.4 },
        { "activation_mean", 0.5 },
        { "zero_fraction", 0.6 },
        { "seconds", 0.7 },
        { "val_accuracy", 0.8 },
        { "val_loss", 0.9 },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void Of_EachMetric_ReadsItsOwnValueFromTheResultAndFromItsSummary(string name, double expected)
    {
        var metric = Metric.Find(name)!;

        Assert.Equal(expected, metric.Of(Result));
        Assert.Equal(expected, metric.Of(TrialMetrics.Of(Result)));
        Assert.Equal(expected, TrialMetrics.Of(Result).Get(name));
    }

    [Fact]
    public void Of_ValidationMetricsWithoutValidationRows_AreNaN()
    {
        var summary = TrialMetrics.Of(Result with { ValAccuracy = double.NaN, ValLoss = double.NaN });

        Assert.Null(summary.ValAccuracy);
        Assert.True(double.IsNaN(Metric.ValAccuracy.Of(summary)));
        Assert.True(double.IsNaN(Metric.ValLoss.Of(summary)));
    }

    [Fact]
    public void All_Metrics_HaveDistinctNamesAndHeadersAndEveryNameIsTested()
    {
        Assert.Equal(Metric.All.Count, Metric.All.Select(m => m.Name).Distinct().Count());
        Assert.Equal(Metric.All.Count, Metric.All.Select(m => m.ShortName).Distinct().Count());
        Assert.Equal(Metric.All.Select(m => m.Name).Order(), Expected.Select(row => (string)row[0]).Order());
    }

    [Fact]
    public void Get_UnknownName_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TrialMetrics.Of(Result).Get("accuracy"));
}
