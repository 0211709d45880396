using BenchmarkDotNet.Attributes;
using Sweep.Training.Engine;
using Sweep.Training.Specs;

namespace Sweep.Bench.Micro;

/// <summary>
/// One epoch of the tutorial's model on one thread, on each engine, alone and followed by the test evaluation that
/// <c>fit</c> runs after every epoch: the step that a trial repeats 4000 times. The model keeps training from one
/// invocation to the next, as it does in a trial.
/// </summary>
// BenchmarkDotNet refuses sealed benchmark classes.
public class EpochBenchmarks
{
    private EngineEpochs? epochs;

    /// <summary>The tutorial's baseline, or its first regularized configuration (an L1 activity penalty before the ReLU).</summary>
    [Params(false, true)]
    public bool Regularized { get; set; }

    [Params(TrainingBackend.Fused, TrainingBackend.Torch)]
    public TrainingBackend Engine { get; set; }

    [GlobalSetup]
    public void Setup() => epochs = new EngineEpochs(TutorialSweep.Spec(Regularized), Engine, seed: 0);

    [GlobalCleanup]
    public void Cleanup() => epochs?.Dispose();

    [Benchmark(Baseline = true)]
    public void Epoch() => epochs!.Train();

    [Benchmark]
    public void EpochAndValidation()
    {
        epochs!.Train();
        epochs.Validate();
    }
}
