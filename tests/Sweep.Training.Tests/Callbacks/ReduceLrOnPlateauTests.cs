using Sweep.Training.Callbacks;
using Sweep.Training.Specs;

namespace Sweep.Training.Tests.Callbacks;

public sealed class ReduceLrOnPlateauTests
{
    [Fact]
    public void OnEpochEnd_ScriptedValLoss_FollowsKerasTrace()
    {
        var plateau = new ReduceLrOnPlateau(new PlateauSpec(Factor: 0.5, Patience: 2, MinDelta: 0, Cooldown: 1, MinLr: 0.1));
        double[] valLoss = [1.0, 0.9, 0.95, 0.96, 0.97, 0.98, 0.99, 0.5, 0.6, 0.7, 0.8, 0.9, 0.91, 0.92];

        var rates = new List<double>();
        var lr = 1.0;
        foreach (var value in valLoss)
        {
            lr = plateau.OnEpochEnd(new EpochLogs(0, 0, value, 0), lr);
            rates.Add(lr);
        }

        // Worked by hand from tf.keras 2.x's on_epoch_end: reductions at epochs 3, 5 and 9 (cooldown 1 in
        // between), then 0.125 -> max(0.0625, 0.1) at epoch 11, and none once lr is at min_lr.
        Assert.Equal([1, 1, 1, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.125, 0.125, 0.1, 0.1, 0.1], rates);
    }

    [Fact]
    public void OnEpochEnd_AccuracyInAutoMode_ImprovesUpwards()
    {
        var plateau = new ReduceLrOnPlateau(new PlateauSpec(Monitor: "val_accuracy", Factor: 0.1, Patience: 1, MinDelta: 0.05));

        var first = plateau.OnEpochEnd(new EpochLogs(0, 0, 0, 0.5), 1.0);
        var rising = plateau.OnEpochEnd(new EpochLogs(0, 0, 0, 0.6), first);
        var flat = plateau.OnEpochEnd(new EpochLogs(0, 0, 0, 0.64), rising);

        Assert.Equal(1.0, first);
        Assert.Equal(1.0, rising);
        Assert.Equal(0.1, flat, 1e-15);
    }
}
