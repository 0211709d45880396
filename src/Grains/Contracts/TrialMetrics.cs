using Sweep.Training.Sweeps;

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
    [property: Id(7)] string Backend = "torch") : IFinalMetrics
{
    // Null, not NaN, for none: a value serialized before these fields existed (grain state of an earlier Sweep) reads
    // as the type's default, and only null's default says "none".

    /// <summary>Accuracy on the validation rows; null where the dataset sets none aside.</summary>
    [Id(8)]
    public double? ValAccuracy { get; init; }

    /// <summary>Loss on the validation rows; null where the dataset sets none aside.</summary>
    [Id(9)]
    public double? ValLoss { get; init; }

    /// <summary>The final metrics of a trial's result.</summary>
    public static TrialMetrics Of(Training.Engine.TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new TrialMetrics(result.TrainAccuracy, result.TestAccuracy, result.TrainLoss, result.TestLoss, result.ActivationMean, result.ZeroFraction, result.Seconds, result.Backend)
        {
            ValAccuracy = double.IsNaN(result.ValAccuracy) ? null : result.ValAccuracy,
            ValLoss = double.IsNaN(result.ValLoss) ? null : result.ValLoss,
        };
    }

    double IFinalMetrics.ValAccuracy => ValAccuracy ?? double.NaN;

    double IFinalMetrics.ValLoss => ValLoss ?? double.NaN;

    /// <summary>The value of a metric by its user-facing name (<see cref="Metric"/>); NaN for none.</summary>
    public double Get(string metric) =>
        (Metric.Find(metric) ?? throw new ArgumentOutOfRangeException(nameof(metric), metric, "unknown metric")).Of(this);
}
