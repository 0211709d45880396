using Sweep.Grains.Contracts;
using Sweep.Grains.Results.Racing;
using Sweep.Training.Sweeps;

namespace Sweep.Grains.Tests.Results.Racing;

public sealed class RaceReplayTests
{
    private static readonly RaceDefinition Race = new(MinSeeds: 3, MaxSeeds: 6, RoundSeeds: 1, Alpha: 0.05, Margin: 0.005);
    private static readonly int[] Seeds = [0, 1, 2, 3, 4, 5];

    [Fact]
    public void Run_FirstRoundNotAllIn_WaitsForItWithEveryConfiguration()
    {
        var values = new Dictionary<(string, int), double> { [("a", 0)] = 0.8, [("b", 0)] = 0.5, [("a", 1)] = 0.81 };

        var progress = Replay(values, failed: []);

        Assert.Equal((3, false), (progress.Seeds, progress.Finished));
        Assert.Equal(["a", "b", "c"], progress.Survivors);
        Assert.Empty(progress.Eliminated);
    }

    [Fact]
    public void Run_HopelessConfiguration_IsDroppedAndTheOthersGetTheNextRound()
    {
        var values = new Dictionary<(string, int), double>();
        for (var seed = 0; seed < 3; seed++)
        {
            (values[("a", seed)], values[("b", seed)], values[("c", seed)]) = (0.80 + (0.01 * seed), 0.20 + (0.013 * seed), 0.79 + (0.012 * seed));
        }

        var progress = Replay(values, failed: []);

        Assert.Equal("b", Assert.Single(progress.Eliminated).ConfigurationId);
        Assert.Equal((4, false), (progress.Seeds, progress.Finished));
        Assert.Equal(["a", "c"], progress.Survivors);
    }

    [Fact]
    public void Run_FailedTrial_TakesItsConfigurationOutOfTheRace()
    {
        var values = new Dictionary<(string, int), double>();
        for (var seed = 0; seed < 3; seed++)
        {
            (values[("a", seed)], values[("b", seed)], values[("c", seed)]) = (0.80 + (0.01 * seed), 0.79 + (0.013 * seed), 0.79 + (0.012 * seed));
        }

        var progress = Replay(values, failed: [("c", 1)]);

        Assert.Equal(["c"], progress.Out);
        Assert.DoesNotContain("c", progress.Survivors);
    }

    private static RaceProgress Replay(Dictionary<(string, int), double> values, (string, int)[] failed) =>
        RaceReplay.Run(Race, ["a", "b", "c"], Seeds, higherIsBetter: true, (id, seed) =>
            failed.Contains((id, seed)) ? (TrialState.Failed, double.NaN)
            : values.TryGetValue((id, seed), out var value) ? (TrialState.Completed, value) : null);
}
