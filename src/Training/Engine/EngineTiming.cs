using System.Diagnostics;
using Sweep.Training.Specs;

namespace Sweep.Training.Engine;

/// <summary>
/// For benchmarks: the time an engine takes for a trial's epochs, with or without the test evaluation that
/// <c>fit</c> runs after every epoch, without callbacks or the final evaluations. Nothing else uses it.
/// </summary>
public static class EngineTiming
{
    /// <summary>Seconds for <paramref name="spec"/>'s epochs on <paramref name="backend"/>, building the model and data excluded.</summary>
    public static double Epochs(TrialSpec spec, TrainingBackend backend, int seed, bool validate)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var epochs = new EngineEpochs(spec, backend, seed);
        var clock = Stopwatch.StartNew();
        for (var epoch = 0; epoch < spec.Epochs; epoch++)
        {
            epochs.Train();
            if (validate)
            {
                epochs.Validate();
            }
        }

        return clock.Elapsed.TotalSeconds;
    }
}
