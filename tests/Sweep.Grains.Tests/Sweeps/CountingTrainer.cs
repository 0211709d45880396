using System.Collections.Concurrent;
using Sweep.Training.Engine;
using Sweep.Training.Specs;

namespace Sweep.Grains.Tests.Sweeps;

/// <summary>
/// Counts how often each (configuration, seed) is trained, across every silo of the in-process
/// test cluster. A model whose first layer has <see cref="FailsOnFirstAttemptUnits"/> units throws on its first attempt.
/// </summary>
internal sealed class CountingTrainer(ITrialTrainer inner) : ITrialTrainer
{
    public const int FailsOnFirstAttemptUnits = 13;

    public static ConcurrentDictionary<string, int> Calls { get; } = new();

    public TrialResult Train(TrialSpec spec, int seed, Action<EpochProgress>? onEpoch, CancellationToken cancellationToken)
    {
        var calls = Calls.AddOrUpdate($"{TrialSpecJson.Id(TrialSpecJson.Write(spec))}-s{seed}", 1, (_, n) => n + 1);
        if (calls == 1 && spec.Layers[0] is DenseSpec { Units: FailsOnFirstAttemptUnits })
        {
            throw new InvalidOperationException("injected failure");
        }

        return inner.Train(spec, seed, onEpoch, cancellationToken);
    }
}
