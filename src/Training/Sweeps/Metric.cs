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

    /// <summary>Accuracy on the training rows set aside to validate (<c>dataset.validation_rows</c> or <c>validation_fraction</c>).</summary>
    public static readonly Metric ValAccuracy = new("val_accuracy", true);

    /// <summary>Loss on the validation rows.</summary>
    public static readonly Metric ValLoss = new("val_loss", false);

    /// <summary>Every metric, in the order tables and exports show them (the validation metrics came later, and come last).</summary>
    public static IReadOnlyList<Metric> All { get; } =
        [TestAccuracy, TrainAccuracy, TestLoss, TrainLoss, ActivationMean, ZeroFraction, Seconds, ValAccuracy, ValLoss];

    /// <summary>Whether the metric is scored on the validation rows, which only a dataset with a validation split has.</summary>
    public bool NeedsValidation => Rows == "validation";

    /// <summary>Whether the metric is scored on the test rows (the observed layer's statistics are too).</summary>
    public bool OnTestRows => Rows == "test";

    /// <summary>The rows the metric is scored on: <c>test</c>, <c>validation</c> or <c>train</c>; null for the time.</summary>
    public string? Rows => Name switch
    {
        "val_accuracy" or "val_loss" => "validation",
        "train_accuracy" or "train_loss" => "train",
        "seconds" => null,
        _ => "test",
    };

    /// <summary>The metric of that name, or null.</summary>
    public static Metric? Find(string name) => All.FirstOrDefault(metric => metric.Name == name);
}
