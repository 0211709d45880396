using Sweep.Training.Specs;

namespace Sweep.Training.Callbacks;

/// <summary>
/// Keras <c>ReduceLROnPlateau</c> as tf.keras 2.x implements it: an improvement beats the best value
/// so far by more than min_delta; after <c>patience</c> epochs without one, and while lr > min_lr,
/// lr becomes max(lr * factor, min_lr), the counter resets, and a cooldown begins during which the
/// counter stays at zero.
/// </summary>
internal sealed class ReduceLrOnPlateau(PlateauSpec spec)
{
    private readonly bool maximize = Monitor.Maximizes(spec.Monitor, spec.Mode);
    private double best = Monitor.Worst(Monitor.Maximizes(spec.Monitor, spec.Mode));
    private int wait;
    private int cooldown;

    /// <summary>Called at each epoch's end with the learning rate in force; returns the rate for the next epoch.</summary>
    public double OnEpochEnd(EpochLogs logs, double learningRate)
    {
        var current = logs.Get(spec.Monitor);
        if (cooldown > 0)
        {
            cooldown--;
            wait = 0;
        }

        if (maximize ? current > best + spec.MinDelta : current < best - spec.MinDelta)
        {
            best = current;
            wait = 0;
            return learningRate;
        }

        if (cooldown > 0)
        {
            return learningRate;
        }

        wait++;
        // Keras compares against min_lr as a float32.
        if (wait >= spec.Patience && learningRate > (float)spec.MinLr)
        {
            wait = 0;
            cooldown = spec.Cooldown;
            return Math.Max(learningRate * spec.Factor, spec.MinLr);
        }

        return learningRate;
    }
}
