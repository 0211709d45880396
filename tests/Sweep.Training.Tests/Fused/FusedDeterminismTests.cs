using Sweep.Training.Fused;
using Sweep.Training.Sweeps;

namespace Sweep.Training.Tests.Fused;

/// <summary>Per seed the fused path is deterministic: alone or beside another trial, the same seed gives the same bits.</summary>
public sealed class FusedDeterminismTests
{
    private const string Text = """
        name: determinism
        seeds: 1
        trial:
          dataset: {kind: moons, samples: 120, noise: 0.2, random_state: 4, train_rows: 60}
          layers:
            - {type: dense, units: 32, activation: relu, activity_regularizer: {kind: l1, l1: 0.001}}
            - {type: dropout, rate: 0.3}
            - {type: dense, units: 16, activation: tanh, kernel_regularizer: {kind: l2, l2: 0.001}}
            - {type: dense, units: 1, activation: sigmoid}
          optimizer: {name: nadam}
          epochs: 60
          batch_size: 16

        """;

    [Fact]
    public void Train_SameSeedAloneAndOnTwoThreads_GivesIdenticalCurves()
    {
        var spec = SweepPlan.Expand(SweepFile.Parse(Text, "d.yaml")).Configurations.Single().Spec;
        var trainer = new FusedTrainer();

        var alone = trainer.Train(spec, 7, null, default);
        var parallel = new Training.Engine.TrialResult[2];
        Parallel.For(0, 2, i => parallel[i] = trainer.Train(spec, 7, null, default));
        var other = trainer.Train(spec, 8, null, default);

        Assert.All(parallel, result =>
        {
            Assert.Equal(alone.History.Loss, result.History.Loss);
            Assert.Equal(alone.History.ValAccuracy, result.History.ValAccuracy);
            Assert.Equal(alone.TestLoss, result.TestLoss);
        });
        Assert.NotEqual(alone.History.Loss, other.History.Loss);
    }
}
