using Sweep.Grains.Contracts;
using Sweep.Grains.ResultsStore;

namespace Sweep.Grains.Tests.ResultsStore;

public sealed class SweepPaceTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Running_TenEndedInTwentySeconds_HalfATrialASecondAndTheRestAtThatRate()
    {
        var pace = new SweepPace(Start, 10, Start.AddSeconds(19));
        var status = Status(SweepState.Running, total: 40, completed: 12, failed: 1);

        Assert.Equal(0.5, pace.TrialsPerSecond(status, Start.AddSeconds(20)));
        Assert.Equal(TimeSpan.FromSeconds(54), pace.Remaining(status, Start.AddSeconds(20)));
    }

    [Fact]
    public void Completed_RateUpToItsLastTrialAndNothingRemaining()
    {
        var pace = new SweepPace(Start, 8, Start.AddSeconds(4));
        var status = Status(SweepState.Completed, total: 8, completed: 8, failed: 0);

        Assert.Equal(2.0, pace.TrialsPerSecond(status, Start.AddHours(3)));
        Assert.Null(pace.Remaining(status, Start.AddHours(3)));
    }

    [Fact]
    public void Running_NoTrialEndedYet_HasNoRateAndNoRemaining()
    {
        var pace = new SweepPace(Start, 0, null);
        var status = Status(SweepState.Running, total: 8, completed: 0, failed: 0);

        Assert.Null(pace.TrialsPerSecond(status, Start.AddSeconds(30)));
        Assert.Null(pace.Remaining(status, Start.AddSeconds(30)));
    }

    private static SweepStatus Status(SweepState state, int total, int completed, int failed) =>
        new("s", "demo", state, 2, total, completed, failed, Start, null, "test_accuracy", null, []);
}
