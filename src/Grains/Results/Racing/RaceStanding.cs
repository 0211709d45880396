using Sweep.Training.Sweeps;

namespace Sweep.Grains.Results.Racing;

/// <summary>
/// A raced sweep's race as its stored results replay it (<see cref="RaceReplay"/>): its settings, where it stands, and
/// what it has spent. A client reading the store and the sweep's grain reach the same standing.
/// </summary>
/// <param name="MinSeeds">The race's <c>min_seeds</c>.</param>
/// <param name="MaxSeeds">The race's <c>max_seeds</c>.</param>
/// <param name="RoundSeeds">The race's <c>round_seeds</c>.</param>
/// <param name="Alpha">The race's <c>alpha</c>.</param>
/// <param name="Margin">The race's <c>margin</c>.</param>
/// <param name="Progress">Where the race stands.</param>
/// <param name="Trials">The trials of the grid the race replaces (configurations x <paramref name="MaxSeeds"/>).</param>
/// <param name="Run">The trials of that grid that have run to an outcome (the confirmation's are not counted).</param>
/// <param name="Configurations">The sweep's configurations in grid order, with their labels.</param>
/// <param name="Confirm">The race's <c>confirm</c>: fresh seeds for its survivors and the baseline once it has ended.</param>
/// <param name="Confirmed">Whether every confirmation trial has an outcome (true for a race without confirmation once it has ended).</param>
[GenerateSerializer]
[Alias("Sweep.RaceStanding")]
public sealed record RaceStanding(
    [property: Id(0)] int MinSeeds,
    [property: Id(1)] int MaxSeeds,
    [property: Id(2)] int RoundSeeds,
    [property: Id(3)] double Alpha,
    [property: Id(4)] double Margin,
    [property: Id(5)] RaceProgress Progress,
    [property: Id(6)] int Trials,
    [property: Id(7)] int Run,
    [property: Id(8)] (string Id, string Label)[] Configurations,
    [property: Id(9)] int Confirm = 0,
    [property: Id(10)] bool Confirmed = false)
{
    /// <summary>The race's settings, as the sweep file gave them.</summary>
    public RaceDefinition Definition => new(MinSeeds, MaxSeeds, RoundSeeds, Alpha, Margin, Confirm);

    /// <summary>Whether the race, and its confirmation, have ended: no trial beyond those run is needed.</summary>
    public bool Ended => Progress.Finished && Confirmed;

    /// <summary>The trials the race will never run; known once it has ended.</summary>
    public int Saved => Ended ? Trials - Run : 0;

    /// <summary>The standing of <paramref name="definition"/> at <paramref name="progress"/>.</summary>
    public static RaceStanding Of(RaceDefinition definition, RaceProgress progress, int trials, int run, (string Id, string Label)[] configurations, bool confirmed)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new RaceStanding(
            definition.MinSeeds, definition.MaxSeeds, definition.RoundSeeds, definition.Alpha, definition.Margin, progress, trials, run, configurations, definition.Confirm, confirmed);
    }

    /// <summary>A configuration's label, or its id where the sweep has no such configuration.</summary>
    public string Label(string configurationId) => Configurations.FirstOrDefault(c => c.Id == configurationId).Label ?? configurationId;

    /// <summary>What the race has made of a configuration so far.</summary>
    public RaceState StateOf(string configurationId)
    {
        if (Progress.Eliminated.Any(e => e.ConfigurationId == configurationId))
        {
            return RaceState.Eliminated;
        }

        if (Progress.Out.Contains(configurationId))
        {
            return RaceState.Out;
        }

        if (!Progress.Finished)
        {
            return RaceState.Racing;
        }

        return Progress.Survivors switch
        {
            [var only] when only == configurationId => RaceState.Winner,
            _ when Progress.Tied => RaceState.Tied,
            [var leader, ..] when leader == configurationId => RaceState.Leader,
            _ => RaceState.Unseparated,
        };
    }

    /// <summary>The evidence a configuration was eliminated on; null for one that was not.</summary>
    public Elimination? EliminationOf(string configurationId) => Progress.Eliminated.FirstOrDefault(e => e.ConfigurationId == configurationId);
}

/// <summary>What a race has made of a configuration.</summary>
public enum RaceState
{
    /// <summary>Still racing: it gets the next round's seeds.</summary>
    Racing,

    /// <summary>Another was better by more than the margin, with the race's error control; it got no more seeds.</summary>
    Eliminated,

    /// <summary>A trial of it failed or diverged: it left the race without a decision.</summary>
    Out,

    /// <summary>The one configuration left.</summary>
    Winner,

    /// <summary>One of the configurations left, all within the margin of each other.</summary>
    Tied,

    /// <summary>The best mean of those left at max_seeds that the race could not separate.</summary>
    Leader,

    /// <summary>Left at max_seeds, not separated from the leader.</summary>
    Unseparated,
}
