namespace Sweep.Grains.Contracts;

/// <summary>The final metrics of a completed (or diverged) trial, and the engine that trained it: <c>torch</c> or <c>fused</c>.</summary>
[GenerateSerializer]
[Alias("Sweep.TrialMetrics")]
public sealed record TrialMetrics(
    [property: Id(0)] double TrainAccuracy,
    [property: Id(1)] double TestAccuracy,
    [property: Id(2)] double TrainLoss,
    [property: Id(3)] double TestLoss,
    [property: Id(4)] double ActivationMean,
    [property: Id(5)] double ZeroFraction,
    [property: Id(6)] double Seconds,
    [property: Id(7)] string Backend = "torch")
{
    /// <summary>The value of a metric by its user-facing name (<see cref="Training.Sweeps.Metric"/>).</summary>
    public double Get(string metric) => metric switch
    {
        "test_accuracy" => TestAccuracy,
        "train_accuracy" => TrainAccuracy,
        "test_loss" => TestLoss,
        "train_loss" => TrainLoss,
        "activation_mean" => ActivationMean,
        "zero_fraction" => ZeroFraction,
        "seconds" => Seconds,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "unknown metric"),
    };
}
