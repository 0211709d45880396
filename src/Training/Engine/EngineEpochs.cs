using Sweep.Training.Datasets;
using Sweep.Training.Fused;
using Sweep.Training.Specs;
using Sweep.Training.Torch;

namespace Sweep.Training.Engine;

/// <summary>
/// For benchmarks: one engine built for a trial (model, optimizer, data), whose epochs run one at a time, each on a
/// fresh shuffle as <c>fit</c> draws it, without callbacks or the final evaluations. Nothing else uses it.
/// </summary>
public sealed class EngineEpochs : IDisposable
{
    private readonly IFitEngine engine;
    private readonly LegacyRandomState shuffler;
    private readonly int batchSize;

    /// <summary>Builds <paramref name="spec"/>'s model and data for <paramref name="seed"/> on <paramref name="backend"/>.</summary>
    public EngineEpochs(TrialSpec spec, TrainingBackend backend, int seed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (backend == TrainingBackend.Fused)
        {
            engine = new FusedEngine(spec, seed);
        }
        else
        {
            TorchRuntime.EnsureLoaded();
            engine = new TorchEngine(spec, seed);
        }

        shuffler = new LegacyRandomState((uint)seed);
        batchSize = spec.BatchSize;
    }

    /// <summary>One epoch of optimizer steps over the training rows.</summary>
    public void Train() => engine.TrainEpoch(shuffler.Permutation(engine.TrainRows), batchSize);

    /// <summary>The test evaluation that <c>fit</c> runs after every epoch.</summary>
    public void Validate() => engine.Evaluate(EvaluationRows.Test, batchSize, observe: false);

    /// <inheritdoc/>
    public void Dispose() => engine.Dispose();
}
