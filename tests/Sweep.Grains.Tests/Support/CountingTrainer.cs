using System.Collections.Concurrent;
using Sweep.Training.Engine;
using Sweep.Training.Specs;

namespace Sweep.Grains.Tests.Support;

/// <summary>
/// Counts how often each (configuration, seed) is trained, across every silo of the in-process
/// test cluster. A model whose first layer has <see cref="FailsOnFirstAttemptUnits"/> units throws on
/// its first attempt, one with <see cref="AlwaysFailsUnits"/> on every attempt, one with <see cref="BadDataUnits"/> on every
/// attempt with bad data; one with <see cref="SignallingUnits"/> units signals its first epoch, records its
/// last, and on the silo named by <see cref="Freeze"/> stops dead, as in a crashed process: it neither
/// finishes nor notices cancellation until <see cref="Thaw"/>.
/// </summary>
internal sealed class CountingTrainer(ITrialTrainer inner, SiloAddress? silo = null) : ITrialTrainer
{
    public const int FailsOnFirstAttemptUnits = 13;
    public const int AlwaysFailsUnits = 19;
    public const int SignallingUnits = 17;
    public const int BadDataUnits = 23;

    private static readonly ManualResetEventSlim Thawed = new(false);
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> FirstEpochs = new();
    private static SiloAddress? frozen;
    private static int signallingRunning;

    /// <summary>Released once per signalling trial that froze.</summary>
    public static SemaphoreSlim Froze { get; } = new(0);

    public static ConcurrentDictionary<string, int> Calls { get; } = new();

    /// <summary>Released once per signalling trial, after its first epoch.</summary>
    public static SemaphoreSlim SignallingStarted { get; } = new(0);

    /// <summary>Completes when the signalling trial with this key has finished its first epoch (on any attempt).</summary>
    public static Task FirstEpoch(string trialKey) => FirstEpochs.GetOrAdd(trialKey, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>The last epoch each signalling trial finished.</summary>
    public static ConcurrentDictionary<string, int> LastEpoch { get; } = new();

    /// <summary>Signalling trials whose training has not returned yet.</summary>
    public static int SignallingRunning => Volatile.Read(ref signallingRunning);

    /// <summary>
    /// Forgets signals that earlier tests' trials gave and nobody waited for (trials handed back and
    /// trained again, say), so that a test counts only its own trials' signals.
    /// </summary>
    public static void ForgetSignals()
    {
        while (SignallingStarted.Wait(0))
        {
        }

        while (Froze.Wait(0))
        {
        }
    }

    /// <summary>Signalling trials on <paramref name="victim"/> stop at their next epoch and stay stopped.</summary>
    public static void Freeze(SiloAddress victim)
    {
        Thawed.Reset();
        Volatile.Write(ref frozen, victim);
    }

    /// <summary>Frozen trials end (with an exception nobody receives, their silo being gone).</summary>
    public static void Thaw()
    {
        Volatile.Write(ref frozen, null);
        Thawed.Set();
    }

    public TrialResult Train(TrialSpec spec, int seed, Action<EpochProgress>? onEpoch, CancellationToken cancellationToken)
    {
        var key = $"{TrialSpecJson.Id(TrialSpecJson.Write(spec))}-s{seed}";
        var calls = Calls.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (calls == 1 && spec.Layers[0] is DenseSpec { Units: FailsOnFirstAttemptUnits })
        {
            throw new InvalidOperationException("injected failure");
        }

        if (spec.Layers[0] is DenseSpec { Units: BadDataUnits })
        {
            throw new Training.Datasets.DataContentException($"injected bad data {calls}");
        }

        if (spec.Layers[0] is DenseSpec { Units: AlwaysFailsUnits })
        {
            throw new InvalidOperationException($"injected failure {calls}");
        }

        if (spec.Layers[0] is not DenseSpec { Units: SignallingUnits })
        {
            return inner.Train(spec, seed, onEpoch, cancellationToken);
        }

        Interlocked.Increment(ref signallingRunning);
        try
        {
            return inner.Train(spec, seed, Signal, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref signallingRunning);
        }

        void Signal(EpochProgress progress)
        {
            if (silo is not null && silo.Equals(Volatile.Read(ref frozen)))
            {
                Froze.Release();
                Thawed.Wait(CancellationToken.None);
                throw new InvalidOperationException("the silo was killed");
            }

            LastEpoch[key] = progress.Epoch;
            if (progress.Epoch == 1)
            {
                SignallingStarted.Release();
                FirstEpochs.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }

            onEpoch?.Invoke(progress);
        }
    }
}
