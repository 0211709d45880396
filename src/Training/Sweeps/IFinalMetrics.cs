namespace Sweep.Training.Sweeps;

/// <summary>
/// A trial's final metrics, whatever carries them (a trial's result, the wire's summary of it, a stored row): what a
/// <see cref="Metric"/> reads itself from. NaN where there is no value (no validation rows, say).
/// </summary>
public interface IFinalMetrics
{
    double TrainAccuracy { get; }

    double TestAccuracy { get; }

    double TrainLoss { get; }

    double TestLoss { get; }

    double ActivationMean { get; }

    double ZeroFraction { get; }

    double Seconds { get; }

    double ValAccuracy { get; }

    double ValLoss { get; }
}
