using Sweep.Training.Callbacks;
using Sweep.Training.Specs;

namespace Sweep.Training.Tests.Callbacks;

public sealed class EarlyStoppingTests
{
    [Fact]
    public void OnEpochEnd_ImprovementsSmallerThanMinDelta_StopAfterPatience()
    {
        var stopping = new EarlyStopping(new EarlyStoppingSpec(Monitor: "val_accuracy", MinDelta: 0.01, Patience: 2));

        var stops = Run(stopping, [0.5, 0.55, 0.555, 0.56, 0.57, 0.58]);

        Assert.Equal(3, stops);
        Assert.Equal(1, stopping.BestEpoch);
    }

    [Fact]
    public void OnEpochEnd_PatienceZero_StopsAfterTheSecondEpoch()
    {
        var stopping = new EarlyStopping(new EarlyStoppingSpec(Patience: 0));

        Assert.Equal(1, Run(stopping, [0.9, 0.8, 0.7]));
    }

    [Fact]
    public void OnEpochEnd_BelowBaseline_WaitIsNotReset()
    {
        var stopping = new EarlyStopping(new EarlyStoppingSpec(Monitor: "val_accuracy", MinDelta: 0.01, Patience: 1, Baseline: 0.6));

        Assert.Equal(1, Run(stopping, [0.5, 0.55, 0.7]));
        Assert.Equal(1, stopping.BestEpoch);
    }

    [Fact]
    public void OnEpochEnd_LossKeepsFalling_NeverStops()
    {
        var stopping = new EarlyStopping(new EarlyStoppingSpec(Patience: 1));

        Assert.Equal(-1, Run(stopping, [1.0, 0.9, 0.8, 0.7]));
        Assert.True(stopping.LastWasBest);
    }

    // The epoch at which training stops, or -1.
    private static int Run(EarlyStopping stopping, double[] values)
    {
        for (var epoch = 0; epoch < values.Length; epoch++)
        {
            var monitored = values[epoch];
            if (stopping.OnEpochEnd(epoch, new EpochLogs(0, 0, monitored, monitored)))
            {
                return epoch;
            }
        }

        return -1;
    }
}
