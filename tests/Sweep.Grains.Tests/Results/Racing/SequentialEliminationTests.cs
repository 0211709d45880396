using MathNet.Numerics.Distributions;
using Sweep.Grains.Results.Racing;
using Xunit.Abstractions;

namespace Sweep.Grains.Tests.Results.Racing;

public sealed class SequentialEliminationTests(ITestOutputHelper output)
{
    private const double Alpha = 0.05;
    private const double Margin = 0.005;
    private const int Configurations = 10;
    private const int Races = 2000;

    // A seed's own effect, shared by every configuration trained with it (what pairing removes), and each trial's noise.
    private const double SeedSpread = 0.02;
    private const double TrialSpread = 0.01;

    // min_seeds 3, max_seeds 20, one seed per round.
    private static readonly int[] Looks = [.. Enumerable.Range(3, 18)];

    [Theory]
    [InlineData("all ten means equal", 0.0)]
    [InlineData("one better than the other nine by 2 x margin", 2 * Margin)]
    public void Simulation_ErrorRateOverTheWholeRace_IsAtMostAlpha(string scenario, double lead)
    {
        var means = Enumerable.Range(0, Configurations).Select(c => c == 0 ? 0.8 + lead : 0.8).ToArray();

        var (errors, saved) = Simulate(means, seed: 20261207);

        var (low, high) = ClopperPearson(errors, Races);
        output.WriteLine($"{scenario}: {errors} of {Races} races dropped a configuration within the margin of the best: rate {(double)errors / Races:F4}, 95% interval [{low:F4}, {high:F4}]; alpha {Alpha}; trials saved against the full grid {saved:P1}");
        Assert.True(high <= Alpha, $"the error rate's interval [{low:F4}, {high:F4}] reaches above alpha {Alpha}");
    }

    [Fact]
    public void Simulation_ClearlyWorseConfigurations_AreDroppedEarly()
    {
        // Five configurations 0.1 below the other five, as a strong penalty is below a mild one.
        var means = Enumerable.Range(0, Configurations).Select(c => c < 5 ? 0.8 : 0.7).ToArray();

        var (errors, saved) = Simulate(means, seed: 7);

        var (low, high) = ClopperPearson(errors, Races);
        output.WriteLine($"five of ten 0.1 worse: {errors} of {Races} races with an error, 95% interval [{low:F4}, {high:F4}]; trials saved against the full grid {saved:P1}");
        Assert.True(high <= Alpha, $"the error rate's interval [{low:F4}, {high:F4}] reaches above alpha {Alpha}");

        // The five worse ones run a few seeds each instead of 20: close to half of the grid is saved.
        Assert.InRange(saved, 0.3, 0.5);
    }

    [Fact]
    public void Decide_OneBetterOnEverySeed_DropsTheOtherNamingTheEvidence()
    {
        var race = new SequentialElimination(2, [5], Alpha, Margin, higherIsBetter: true);

        var look = race.Decide(0, [("a", [0.90, 0.91, 0.89, 0.90, 0.92]), ("b", [0.70, 0.72, 0.69, 0.71, 0.70])]);

        var dropped = Assert.Single(look.Eliminated);
        Assert.Equal(("b", "a", 5), (dropped.ConfigurationId, dropped.By, dropped.Seeds));
        Assert.Equal(0.2, dropped.Difference, 1e-12);
        Assert.True(dropped.LowerBound > Margin);
        Assert.Equal(["a"], look.Survivors);
        Assert.True(look.Finished);
    }

    [Fact]
    public void Decide_LowerIsBetter_DropsTheHigher()
    {
        var race = new SequentialElimination(2, [4], Alpha, Margin, higherIsBetter: false);

        var look = race.Decide(0, [("low", [0.30, 0.31, 0.29, 0.30]), ("high", [0.60, 0.62, 0.59, 0.61])]);

        Assert.Equal("high", Assert.Single(look.Eliminated).ConfigurationId);
    }

    [Fact]
    public void Decide_WithinTheMarginOnEverySeed_IsATieThatEndsTheRace()
    {
        var race = new SequentialElimination(2, [6, 10], Alpha, 0.05, higherIsBetter: true);

        var look = race.Decide(0, [("a", [0.80, 0.81, 0.79, 0.80, 0.82, 0.80]), ("b", [0.801, 0.809, 0.791, 0.802, 0.818, 0.801])]);

        Assert.Empty(look.Eliminated);
        Assert.True(look.Tied);
        Assert.True(look.Finished);
    }

    [Fact]
    public void Decide_TheSameDifferenceOnEverySeed_DecidesNothing()
    {
        // Accuracies on 70 test rows move in steps of 1/70: two seeds that both differ by three rows are no evidence, whatever
        // the rounding of the differences.
        var race = new SequentialElimination(2, [2, 20], Alpha, Margin, higherIsBetter: true);

        var look = race.Decide(0, [("a", [36 / 70.0, 35 / 70.0]), ("b", [33 / 70.0, 32 / 70.0])]);

        Assert.Empty(look.Eliminated);
        Assert.False(look.Tied);
        Assert.False(look.Finished);
    }

    [Theory]
    [InlineData(1, new[] { 3, 5 }, 0.05, 0.0, "a race needs 2 configurations at least; got 1 (Parameter 'configurations')")]
    [InlineData(3, new[] { 1, 5 }, 0.05, 0.0, "the looks must be increasing seed counts from 2; got [1, 5] (Parameter 'looks')")]
    [InlineData(3, new[] { 5, 5 }, 0.05, 0.0, "the looks must be increasing seed counts from 2; got [5, 5] (Parameter 'looks')")]
    [InlineData(3, new[] { 3, 5 }, 1.0, 0.0, "alpha must be between 0 and 1; got 1 (Parameter 'alpha')")]
    [InlineData(3, new[] { 3, 5 }, 0.05, -0.1, "margin must be 0 or more; got -0.1 (Parameter 'margin')")]
    public void New_BadSetting_IsRefusedNamingIt(int configurations, int[] looks, double alpha, double margin, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new SequentialElimination(configurations, looks, alpha, margin, higherIsBetter: true));

        Assert.Equal(expected, error.Message);
    }

    // Races on synthetic outcomes (no training): how many races dropped a configuration within the margin of the best
    // true mean, and the share of the full grid's trials they did not run.
    private static (int Errors, double Saved) Simulate(double[] means, int seed)
    {
        var random = new Random(seed);
        var best = means.Max();
        var errors = 0;
        var used = 0L;
        for (var r = 0; r < Races; r++)
        {
            var seedEffects = Enumerable.Range(0, Looks[^1]).Select(_ => Normal.Sample(random, 0, SeedSpread)).ToArray();
            var values = means.Select(mean => seedEffects.Select(effect => mean + effect + Normal.Sample(random, 0, TrialSpread)).ToArray()).ToArray();
            var race = new SequentialElimination(means.Length, Looks, Alpha, Margin, higherIsBetter: true);
            var survivors = Enumerable.Range(0, means.Length).ToList();
            var wrong = false;
            for (var l = 0; l < Looks.Length; l++)
            {
                var look = race.Decide(l, [.. survivors.Select(c => ($"{c}", (IReadOnlyList<double>)values[c][..Looks[l]]))]);
                foreach (var dropped in look.Eliminated)
                {
                    var c = int.Parse(dropped.ConfigurationId, System.Globalization.CultureInfo.InvariantCulture);
                    wrong |= best - means[c] <= Margin;
                    used += Looks[l];
                    survivors.Remove(c);
                }

                if (look.Finished)
                {
                    used += (long)survivors.Count * Looks[l];
                    break;
                }
            }

            errors += wrong ? 1 : 0;
        }

        return (errors, 1 - ((double)used / ((long)Races * means.Length * Looks[^1])));
    }

    private static (double Low, double High) ClopperPearson(int successes, int trials) =>
        (successes == 0 ? 0 : Beta.InvCDF(successes, trials - successes + 1, 0.025),
         successes == trials ? 1 : Beta.InvCDF(successes + 1, trials - successes, 0.975));
}
