using Sweep.Training.Fused;
using Sweep.Training.Specs;

namespace Sweep.Training.Engine;

/// <summary>
/// The trainer sweeps use: the fused path for a trial that qualifies (<see cref="FusedPath"/>) unless the trial asks
/// for <c>backend: torch</c>, TorchSharp for everything else. The choice depends on the trial alone, so a
/// configuration trains on the same engine on every silo. The result names the engine.
/// </summary>
public sealed class AutoTrainer : ITrialTrainer
{
    private readonly TorchTrainer torch = new();
    private readonly FusedTrainer fused = new();

    /// <summary>The engine <paramref name="spec"/> trains on: <c>torch</c> or <c>fused</c>.</summary>
    public static TrainingBackend Choose(TrialSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Backend ?? (FusedPath.WhyNot(spec) is null ? TrainingBackend.Fused : TrainingBackend.Torch);
    }

    /// <inheritdoc />
    public TrialResult Train(TrialSpec spec, int seed, Action<EpochProgress>? onEpoch, CancellationToken cancellationToken) =>
        Choose(spec) == TrainingBackend.Fused
            ? fused.Train(spec, seed, onEpoch, cancellationToken)
            : torch.Train(spec, seed, onEpoch, cancellationToken);
}
