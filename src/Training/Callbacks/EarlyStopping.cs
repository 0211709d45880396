using Sweep.Training.Specs;

namespace Sweep.Training.Callbacks;

/// <summary>
/// Keras <c>EarlyStopping</c> as tf.keras 2.11 implements it: each epoch the wait grows; an
/// improvement (better than the best by more than min_delta) resets it unless it fails the
/// baseline; training stops when the wait reaches patience, never after the first epoch.
/// </summary>
internal sealed class EarlyStopping(EarlyStoppingSpec spec)
{
    private readonly bool maximize = Monitor.Maximizes(spec.Monitor, spec.Mode);
    private double best = Monitor.Worst(Monitor.Maximizes(spec.Monitor, spec.Mode));
    private int wait;

    /// <summary>The epoch (from 0) with the best monitored value so far.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>Whether the latest epoch was the best so far (its weights are the ones to restore).</summary>
    public bool LastWasBest { get; private set; }

    /// <summary>Called at each epoch's end; true when training should stop.</summary>
    public bool OnEpochEnd(int epoch, EpochLogs logs)
    {
        var current = logs.Get(spec.Monitor);
        wait++;
        LastWasBest = false;
        if (Improves(current, best))
        {
            best = current;
            BestEpoch = epoch;
            LastWasBest = true;
            if (spec.Baseline is not { } baseline || Improves(current, baseline))
            {
                wait = 0;
            }
        }

        return wait >= spec.Patience && epoch > 0;
    }

    private bool Improves(double value, double reference) =>
        maximize ? value - spec.MinDelta > reference : value + spec.MinDelta < reference;
}
