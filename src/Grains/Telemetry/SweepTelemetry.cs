using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Sweep.Grains.Telemetry;

/// <summary>
/// The project's activity source (a span per sweep and per trial) and meter (trial counts and
/// durations, and what runs and waits where). Both are named <see cref="SourceName"/>.
/// </summary>
public static class SweepTelemetry
{
    /// <summary>The name to subscribe to: <c>AddSource(SweepTelemetry.SourceName)</c>, <c>AddMeter(SweepTelemetry.SourceName)</c>.</summary>
    public const string SourceName = "Sweep";

    /// <summary>The source every Sweep span comes from.</summary>
    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The meter every Sweep instrument belongs to.</summary>
    public static readonly Meter Meter = new(SourceName);

    /// <summary>Attempts that began training, by <c>sweep.id</c>.</summary>
    public static readonly Counter<long> TrialsStarted = Meter.CreateCounter<long>("sweep.trials.started", "{trial}", "Trial attempts that began training");

    /// <summary>Trials that completed.</summary>
    public static readonly Counter<long> TrialsCompleted = Meter.CreateCounter<long>("sweep.trials.completed", "{trial}", "Trials that completed");

    /// <summary>Trials that failed after their retries (or at their time limit).</summary>
    public static readonly Counter<long> TrialsFailed = Meter.CreateCounter<long>("sweep.trials.failed", "{trial}", "Trials that failed after their retries");

    /// <summary>Trials whose loss became NaN or infinite.</summary>
    public static readonly Counter<long> TrialsDiverged = Meter.CreateCounter<long>("sweep.trials.diverged", "{trial}", "Trials whose training loss became NaN or infinite");

    /// <summary>Training time of each trial that ended with a result.</summary>
    public static readonly Histogram<double> TrialDuration = Meter.CreateHistogram<double>("sweep.trial.duration", "s", "Training time of a trial");

    /// <summary>Time of each epoch after a trial's first (which includes building its data and model), training and validation.</summary>
    public static readonly Histogram<double> EpochDuration = Meter.CreateHistogram<double>(
        "sweep.epoch.duration",
        "s",
        "Time of one epoch, training and validation",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5] });

    private static readonly ConcurrentDictionary<object, Func<Measurement<long>>> RunningBySilo = new();
    private static readonly ConcurrentDictionary<object, Func<(string SweepId, long Pending, double Progress)>> Sweeps = new();

    static SweepTelemetry()
    {
        Meter.CreateObservableGauge("sweep.trials.running", () => RunningBySilo.Values.Select(read => read()), "{trial}", "Trials training now on a silo, by sweep.silo");
        Meter.CreateObservableGauge(
            "sweep.trials.pending",
            () => Sweeps.Values.Select(read => read()).Select(s => new Measurement<long>(s.Pending, new KeyValuePair<string, object?>("sweep.id", s.SweepId))),
            "{trial}",
            "Trials of a sweep waiting for a silo, by sweep.id, from the silo that holds the sweep");
        Meter.CreateObservableGauge(
            "sweep.progress",
            () => Sweeps.Values.Select(read => read()).Select(s => new Measurement<double>(s.Progress, new KeyValuePair<string, object?>("sweep.id", s.SweepId))),
            "1",
            "Fraction of a sweep's trials that have an outcome, by sweep.id");
    }

    /// <summary>Reports a silo's running trials in <c>sweep.trials.running</c> until the returned handle is disposed.</summary>
    public static IDisposable ObserveSilo(string silo, Func<int> running)
    {
        var key = new object();
        var tag = new KeyValuePair<string, object?>("sweep.silo", silo);
        RunningBySilo[key] = () => new Measurement<long>(running(), tag);
        return new Registration(() => RunningBySilo.TryRemove(key, out _));
    }

    /// <summary>Reports a sweep's pending trials and progress until the returned handle is disposed.</summary>
    public static IDisposable ObserveSweep(Func<(string SweepId, long Pending, double Progress)> read)
    {
        var key = new object();
        Sweeps[key] = read;
        return new Registration(() => Sweeps.TryRemove(key, out _));
    }

    private sealed class Registration(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}
