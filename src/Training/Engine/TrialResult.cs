namespace Sweep.Training.Engine;

/// <summary>What one trial produced.</summary>
/// <param name="TrainAccuracy">Accuracy on the training rows, evaluated after training.</param>
/// <param name="TestAccuracy">Accuracy on the test rows, evaluated after training.</param>
/// <param name="TrainLoss">Loss (mean loss plus penalties) on the training rows after training.</param>
/// <param name="TestLoss">Loss on the test rows after training.</param>
/// <param name="ActivationMean">Mean of the observed hidden layer's activated output on the test rows.</param>
/// <param name="ZeroFraction">Fraction of exact zeros in that output (sparsity).</param>
/// <param name="ObservedLayer">Index of the observed layer: the first hidden dense, conv2d or lstm layer with an activity regularizer, else the first hidden one of those, taken after any Activation layers that directly follow it; -1 if none.</param>
/// <param name="Seconds">Wall time of the training and evaluation.</param>
/// <param name="History">Per-epoch curves.</param>
/// <param name="Penalties">Each regularizer's contribution to <paramref name="TrainLoss"/>.</param>
/// <param name="StoppedEarly">Whether early stopping ended training before the last epoch.</param>
/// <param name="DivergedAt">The epoch (from 1) whose training loss was NaN or infinite, where training stopped; null if it never was.</param>
/// <param name="Backend">The engine that trained it: <c>torch</c> or <c>fused</c>.</param>
public sealed record TrialResult(
    double TrainAccuracy,
    double TestAccuracy,
    double TrainLoss,
    double TestLoss,
    double ActivationMean,
    double ZeroFraction,
    int ObservedLayer,
    double Seconds,
    TrainingHistory History,
    IReadOnlyList<PenaltyContribution> Penalties,
    bool StoppedEarly,
    int? DivergedAt = null,
    string Backend = "torch") : Sweeps.IFinalMetrics
{
    /// <summary>Accuracy on the validation rows after training; NaN where the dataset sets none aside.</summary>
    public double ValAccuracy { get; init; } = double.NaN;

    /// <summary>Loss on the validation rows after training; NaN where the dataset sets none aside.</summary>
    public double ValLoss { get; init; } = double.NaN;
}
