namespace Sweep.Training.Sweeps;

/// <summary>
/// A sweep file's <c>race</c>: instead of every seed for every configuration, configurations race over seeds in rounds,
/// and one clearly worse than another (by more than <see cref="Margin"/>, with a family-wise error of at most
/// <see cref="Alpha"/> over the whole race) gets no more seeds.
/// </summary>
/// <param name="MinSeeds">The seeds every configuration gets before the first decision.</param>
/// <param name="MaxSeeds">The most seeds a configuration races on: seeds 0 to this less one (the confirmation's come after).</param>
/// <param name="RoundSeeds">The seeds every surviving configuration gets between two decisions.</param>
/// <param name="Alpha">The chance, over the whole race, of dropping a configuration within the margin of the best.</param>
/// <param name="Margin">How much better (in the metric's units) a configuration must be to drop another.</param>
/// <param name="Confirm">Fresh seeds (<paramref name="MaxSeeds"/> on) that the race's survivors and the baseline get once it
/// has ended, never used for a decision: the comparison with the baseline is made on them, free of the winner's curse.</param>
public sealed record RaceDefinition(int MinSeeds, int MaxSeeds, int RoundSeeds, double Alpha, double Margin, int Confirm = 0)
{
    public const int DefaultRoundSeeds = 1;
    public const double DefaultAlpha = 0.05;
    public const double DefaultMargin = 0;

    /// <summary>The sweep's seeds: 0 to <see cref="MaxSeeds"/> + <see cref="Confirm"/> less one.</summary>
    public int Seeds => MaxSeeds + Confirm;

    /// <summary>The seeds of the confirmation among the sweep's (in order): those after the first <see cref="MaxSeeds"/>, which no decision uses.</summary>
    public IEnumerable<int> ConfirmationSeeds(IEnumerable<int> seeds) => seeds.Skip(MaxSeeds);

    /// <summary>The seeds each surviving configuration has at each decision: from the first round to the last.</summary>
    public IReadOnlyList<int> Looks()
    {
        var looks = new List<int>();
        for (var seeds = MinSeeds; seeds < MaxSeeds; seeds += RoundSeeds)
        {
            looks.Add(seeds);
        }

        looks.Add(MaxSeeds);
        return looks;
    }
}
