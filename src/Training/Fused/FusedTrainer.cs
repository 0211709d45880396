using System.Diagnostics;
using Sweep.Training.Engine;
using Sweep.Training.Specs;

namespace Sweep.Training.Fused;

/// <summary>
/// Trains a dense trial (<see cref="FusedPath"/>) with the fused engine inside Keras's <c>fit</c> loop: the same
/// initial weights, batches and dropout masks as <see cref="Torch.TorchTrainer"/>, computed without a framework in between.
/// </summary>
public sealed class FusedTrainer : ITrialTrainer
{
    /// <inheritdoc />
    /// <exception cref="ArgumentException">The trial does not qualify for the fused path.</exception>
    public TrialResult Train(TrialSpec spec, int seed, Action<EpochProgress>? onEpoch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (FusedPath.WhyNot(spec) is { } reason)
        {
            throw new ArgumentException($"backend fused: {reason}", nameof(spec));
        }

        var clock = Stopwatch.StartNew();
        using var engine = new FusedEngine(spec, seed);
        return FitLoop.Run(spec, seed, engine.TrainRows, engine, clock, onEpoch, cancellationToken);
    }
}
