using Sweep.Training.Engine;
using Sweep.Training.Specs;
using Sweep.Training.Torch;

namespace Sweep.Training.Tests.Engine;

/// <summary>
/// TorchSharp trials on parallel threads while the garbage collector runs finalizers as often as it can. A native value
/// (a <c>Scalar</c>, a tensor) that a trial hands to libtorch without keeping it alive can be finalized during the
/// native call; collections every few microseconds make that happen within a few trials instead of now and then.
/// </summary>
public sealed class TorchConcurrencyTests
{
    private static readonly ActivityRegularizerSpec L1BeforeSum = new(RegularizerKind.L1, 1e-4, null, Placement.Before, ActivityReduction.Sum);

    [Fact]
    public async Task Train_TwoThreadsUnderConstantCollections_NeverFailsAndMatchesALoneRun()
    {
        var spec = TutorialSpecs.Create(epochs: 1500, L1BeforeSum, units: 32) with
        {
            Layers = [new DenseSpec(32, Activation.Relu, L1BeforeSum, KernelRegularizer: new RegularizerSpec(RegularizerKind.L1L2, 1e-4, 1e-4)), new DenseSpec(1, Activation.Sigmoid, null)],
        };
        var trainer = new TorchTrainer();
        var alone = trainer.Train(spec, 5, null, default);

        using var stop = new CancellationTokenSource();
        var collector = Task.Factory.StartNew(
            () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                }
            },
            TaskCreationOptions.LongRunning);
        var failures = new List<Exception>();
        var trials = Enumerable.Range(0, 2)
            .Select(_ => Task.Factory.StartNew(
                () =>
                {
                    var results = new List<TrialResult>();
                    for (var i = 0; i < 10; i++)
                    {
                        try
                        {
                            results.Add(trainer.Train(spec, 5, null, default));
                        }
                        catch (Exception e)
                        {
                            lock (failures)
                            {
                                failures.Add(e);
                            }
                        }
                    }

                    return results;
                },
                TaskCreationOptions.LongRunning))
            .ToArray();
        var finished = await Task.WhenAll(trials);
        await stop.CancelAsync();
        await collector;

        Assert.True(failures.Count == 0, $"{failures.Count} of 20 trials failed; the first: {failures.FirstOrDefault()}");
        Assert.All(finished.SelectMany(r => r), result => Assert.Equal(alone.History.Loss, result.History.Loss));
    }
}
