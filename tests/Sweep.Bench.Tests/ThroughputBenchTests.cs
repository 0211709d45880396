using Sweep.Grains.Contracts;

namespace Sweep.Bench.Tests;

public sealed class ThroughputBenchTests
{
    private static readonly DateTimeOffset Zero = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SlotGaps_TwoSlots_EachTrialTakesTheSlotFreedLastBeforeItStarts()
    {
        var trials = new[] { Trial(0, 10), Trial(0, 12), Trial(11, 20), Trial(13, 25), Trial(22, 30) };

        Assert.Equal([1.0, 1.0, 2.0], ThroughputBench.SlotGaps(trials, slots: 2));
    }

    [Fact]
    public void SlotGaps_TrialStartsBeforeAnySlotFrees_CountsNoGap()
    {
        var trials = new[] { Trial(0, 10), Trial(5, 15) };

        Assert.Equal([0.0], ThroughputBench.SlotGaps(trials, slots: 1));
    }

    private static TrialOutcome Trial(int startMilliseconds, int endMilliseconds) =>
        new("c", startMilliseconds, TrialState.Completed, null, null, "silo", Zero.AddMilliseconds(startMilliseconds), Zero.AddMilliseconds(endMilliseconds));
}
