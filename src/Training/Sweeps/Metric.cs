namespace Sweep.Training.Sweeps;

/// <summary>A final metric of a trial that sweeps aggregate and rank by.</summary>
/// <param name="Name">The name users write (<c>test_accuracy</c>).</param>
/// <param name="HigherIsBetter">The ranking direction.</param>
public sealed record Metric(string Name, bool HigherIsBetter)
{
    public static readonly Metric TestAccuracy = new("test_accuracy", true);
    public static readonly Metric TrainAccuracy = new("train_accuracy", true);
    public static readonly Metric TestLoss = new("test_loss", false);
    public static readonly Metric TrainLoss = new("train_loss", false);
    public static readonly Metric ActivationMean = new("activation_mean", false);
    public static readonly Metric ZeroFraction = new("zero_fraction", true);
    public static readonly Metric Seconds = new("seconds", false);

    /// <summary>Every metric, in the order tables show them.</summary>
    public static IReadOnlyList<Metric> All { get; } =
        [TestAccuracy, TrainAccuracy, TestLoss, TrainLoss, ActivationMean, ZeroFraction, Seconds];

    /// <summary>The metric of that name, or null.</summary>
    public static Metric? Find(string name) => All.FirstOrDefault(metric => metric.Name == name);
}
