using Sweep.Training.Fused;
using Sweep.Training.Specs;
using Sweep.Training.Torch;

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

    /// <summary>Whether a trial of <paramref name="spec"/> needs libtorch: it trains on TorchSharp, or draws an orthogonal initializer.</summary>
    public static bool NeedsTorch(TrialSpec spec) =>
        Choose(spec) == TrainingBackend.Torch || FusedInitialWeights.DrawsThroughTorch(spec.Layers);

    /// <summary>
    /// Starts loading libtorch on a pool thread where one of <paramref name="specs"/> will need it (<see cref="NeedsTorch"/>),
    /// so that loading it overlaps the host's start instead of holding the first trial; a dense sweep never loads it.
    /// </summary>
    public static void Prepare(IEnumerable<TrialSpec> specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        if (specs.Any(NeedsTorch))
        {
            TorchRuntime.LoadInBackground();
        }
    }

    /// <inheritdoc />
    public TrialResult Train(TrialSpec spec, int seed, Action<EpochProgress>? onEpoch, CancellationToken cancellationToken) =>
        Choose(spec) == TrainingBackend.Fused
            ? fused.Train(spec, seed, onEpoch, cancellationToken)
            : torch.Train(spec, seed, onEpoch, cancellationToken);
}
