using System.Collections.Concurrent;
using Sweep.Training.Engine;
using Sweep.Training.Specs;

namespace Sweep.Grains.Tests.Sweeps;

/// <summary>Counts how often each (configuration, seed) is trained, across every silo of the in-process test cluster.</summary>
internal sealed class CountingTrainer(ITrialTrainer inner) : ITrialTrainer
{
    public static ConcurrentDictionary<string, int> Calls { get; } = new();

    public TrialResult Train(TrialSpec spec, int seed, Action<EpochProgress>? onEpoch, CancellationToken cancellationToken)
    {
        Calls.AddOrUpdate($"{TrialSpecJson.Id(TrialSpecJson.Write(spec))}-s{seed}", 1, (_, n) => n + 1);
        return inner.Train(spec, seed, onEpoch, cancellationToken);
    }
}
