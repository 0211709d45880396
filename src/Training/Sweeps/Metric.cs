namespace Sweep.Training.Sweeps;

/// <summary>
/// A final metric of a trial that sweeps aggregate and rank by: its name, its direction, the rows it is scored on, its
/// narrow column header, and how to read it from a trial's metrics. The one home of the metric names.
/// </summary>
public sealed class Metric
{
    public static readonly Metric TestAccuracy = new("test_accuracy", true, "test acc", "test", m => m.TestAccuracy);
    public static readonly Metric TrainAccuracy = new("train_accuracy", true, "train acc", "train", m => m.TrainAccuracy);
    public static readonly Metric TestLoss = new("test_loss", false, "test loss", "test", m => m.TestLoss);
    public static readonly Metric TrainLoss = new("train_loss", false, "train loss", "train", m => m.TrainLoss);

    /// <summary>The mean of the observed hidden layer's activations on the test rows.</summary>
    public static readonly Metric ActivationMean = new("activation_mean", false, "act. mean", "test", m => m.ActivationMean);

    /// <summary>The fraction of the observed hidden layer's activations on the test rows that are exactly 0.</summary>
    public static readonly Metric ZeroFraction = new("zero_fraction", true, "zeros", "test", m => m.ZeroFraction);

    public static readonly Metric Seconds = new("seconds", false, "seconds", null, m => m.Seconds);

    /// <summary>Accuracy on the training rows set aside to validate (<c>dataset.validation_rows</c> or <c>validation_fraction</c>).</summary>
    public static readonly Metric ValAccuracy = new("val_accuracy", true, "val acc", "validation", m => m.ValAccuracy);

    /// <summary>Loss on the validation rows.</summary>
    public static readonly Metric ValLoss = new("val_loss", false, "val loss", "validation", m => m.ValLoss);

    private readonly Func<IFinalMetrics, double> read;

    private Metric(string name, bool higherIsBetter, string shortName, string? rows, Func<IFinalMetrics, double> read) =>
        (Name, HigherIsBetter, ShortName, Rows, this.read) = (name, higherIsBetter, shortName, rows, read);

    /// <summary>Every metric, in the order tables and exports show them (the validation metrics came later, and come last).</summary>
    public static IReadOnlyList<Metric> All { get; } =
        [TestAccuracy, TrainAccuracy, TestLoss, TrainLoss, ActivationMean, ZeroFraction, Seconds, ValAccuracy, ValLoss];

    /// <summary>The name users write (<c>test_accuracy</c>), and the store's column.</summary>
    public string Name { get; }

    /// <summary>The ranking direction.</summary>
    public bool HigherIsBetter { get; }

    /// <summary>The name as a narrow column header (<c>test acc</c>).</summary>
    public string ShortName { get; }

    /// <summary>The rows the metric is scored on: <c>test</c>, <c>validation</c> or <c>train</c>; null for the time.</summary>
    public string? Rows { get; }

    /// <summary>Whether the metric is scored on the validation rows, which only a dataset with a validation split has.</summary>
    public bool NeedsValidation => Rows == "validation";

    /// <summary>Whether the metric is scored on the test rows (the observed layer's statistics are too).</summary>
    public bool OnTestRows => Rows == "test";

    /// <summary>The metric of that name, or null.</summary>
    public static Metric? Find(string name) => All.FirstOrDefault(metric => metric.Name == name);

    /// <summary>The metric's value in <paramref name="metrics"/>; NaN for none.</summary>
    public double Of(IFinalMetrics metrics) => read(metrics);

    public override string ToString() => Name;
}
