using Sweep.Grains.Contracts;
using Sweep.Grains.Results.Racing;
using Sweep.Grains.Sweeps;
using Sweep.Training.Sweeps;

namespace Sweep.Grains.Tests.Sweeps;

/// <summary>Which trials of a race may go out, and when its rounds, its confirmation and the race end.</summary>
public sealed class RaceGateTests
{
    // Three configurations raced over seeds 0-3 (max_seeds 4) with two confirmation seeds (4 and 5); c is the baseline.
    private static readonly RaceDefinition Race = new(MinSeeds: 2, MaxSeeds: 4, RoundSeeds: 1, Alpha: 0.05, Margin: 0, Confirm: 2);
    private static readonly int[] Seeds = [0, 1, 2, 3, 4, 5];

    [Fact]
    public void Limit_BeforeTheFirstReplay_LetsNothingOut()
    {
        var gate = Gate(progress: null);

        Assert.Equal(0, gate.Limit(3));
        Assert.False(gate.RoundEnded(Trials()));
    }

    [Fact]
    public void Allows_WhileRacing_OnlyTheSurvivorsUpToTheRoundsEnd()
    {
        var gate = Gate(Racing(seeds: 3, "a", "c"));

        Assert.Equal(9, gate.Limit(3));
        Assert.True(gate.Allows("a", 2));
        Assert.False(gate.Allows("b", 2));
    }

    [Fact]
    public void RoundEnded_EverySurvivorHasEachSeedOfTheRound_IsTrueAndAnEliminatedOnesTrialsDoNotCount()
    {
        var gate = Gate(Racing(seeds: 2, "a", "c"));

        var partly = Trials(("a", 0), ("a", 1), ("c", 0));
        var whole = Trials(("a", 0), ("a", 1), ("c", 0), ("c", 1));

        Assert.False(gate.RoundEnded(partly));
        Assert.True(gate.RoundEnded(whole));
    }

    [Fact]
    public void Allows_AfterTheRace_OnlyConfirmationSeedsOfTheSurvivorsAndTheBaseline()
    {
        var gate = Gate(Finished("a"));

        Assert.Equal(int.MaxValue, gate.Limit(3));
        Assert.True(gate.Allows("a", 4));
        Assert.True(gate.Allows("c", 5));
        Assert.False(gate.Allows("b", 4));
        Assert.False(gate.Allows("a", 3));
    }

    [Fact]
    public void Ended_FinishedRace_WaitsForEveryConfirmationTrialAndEveryLease()
    {
        var gate = Gate(Finished("a"));
        var confirmed = Trials(("a", 4), ("a", 5), ("c", 4), ("c", 5));

        Assert.False(gate.Ended(Trials(("a", 4), ("a", 5), ("c", 4)), leased: 0));
        Assert.False(gate.Ended(confirmed, leased: 1));
        Assert.True(gate.Ended(confirmed, leased: 0));
    }

    [Fact]
    public void Limit_FinishedRaceWithoutConfirmation_LetsNothingMoreOutAndItHasEnded()
    {
        var plain = Race with { MaxSeeds = 6, Confirm = 0 };
        var gate = new RaceGate(plain, Finished("a"), Seeds, BaselineId: "c");

        Assert.Equal(0, gate.Limit(3));
        Assert.True(gate.Ended(Trials(), leased: 0));
    }

    private static RaceGate Gate(RaceProgress? progress) => new(Race, progress, Seeds, BaselineId: "c");

    private static RaceProgress Racing(int seeds, params string[] survivors) => new(seeds, survivors, [], [], Finished: false, Tied: false);

    private static RaceProgress Finished(params string[] survivors) => new(4, survivors, [], [], Finished: true, Tied: false);

    private static SweepTrials Trials(params (string Id, int Seed)[] ended)
    {
        var trials = new SweepTrials([new("a", "a", "{}"), new("b", "b", "{}"), new("c", "c", "{}")], Seeds);
        foreach (var (id, seed) in ended)
        {
            trials.Record(id, seed, TrialState.Completed, "silo");
        }

        return trials;
    }
}
