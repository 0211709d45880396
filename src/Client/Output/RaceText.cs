using System.Globalization;
using Sweep.Grains.Results.Racing;

namespace Sweep.Client.Output;

/// <summary>A race's standing in words, as <c>status</c> and the ranked table say it.</summary>
internal static class RaceText
{
    /// <summary>Where the race stands, in one line.</summary>
    public static string Summary(RaceStanding race)
    {
        var p = race.Progress;
        if (!p.Finished)
        {
            return Invariant($"round of {p.Seeds} seeds: {p.Survivors.Count} racing, {p.Eliminated.Count} eliminated, {p.Out.Count} out");
        }

        var end = p.Survivors switch
        {
            [] => "no configuration left",
            [var only] => $"winner {race.Label(only)}",
            _ when p.Tied => Invariant($"a tie of {p.Survivors.Count}, within {race.Margin} of each other"),
            _ => Invariant($"{p.Survivors.Count} not separated, leader {race.Label(p.Survivors[0])}"),
        };
        var confirmation = race.Confirm == 0 ? ""
            : race.Confirmed ? Invariant($"; confirmed on {race.Confirm} fresh seeds")
            : Invariant($"; confirming on {race.Confirm} fresh seeds");
        return Invariant($"finished at {p.Seeds} seeds: {end}; {p.Eliminated.Count} eliminated, {p.Out.Count} out{confirmation}");
    }

    /// <summary>The trials the race did not need, once it has finished: "131 of 220 (60%)".</summary>
    public static string? Saved(RaceStanding race) => race.Ended
        ? Invariant($"{race.Saved} of {race.Trials} ({100.0 * race.Saved / race.Trials:0}%)")
        : null;

    /// <summary>What the comparisons with the baseline are made on, for a race with a confirmation; null otherwise.</summary>
    public static string? ComparisonNote(RaceStanding? race) => race switch
    {
        { Confirm: > 0, Ended: true } => Invariant($"Δ and p compare the race's survivors with the baseline on the {race.Confirm} confirmation seeds only, which no decision used; the means count every seed."),
        { Confirm: > 0, Progress.Finished: true } => "Δ and p wait for the confirmation's trials.",
        _ => null,
    };

    /// <summary>What the race made of one configuration, with the evidence of an elimination.</summary>
    public static string Of(RaceStanding race, string configurationId)
    {
        var state = race.StateOf(configurationId);
        return state switch
        {
            RaceState.Eliminated when race.EliminationOf(configurationId) is { } e =>
                Invariant($"eliminated at {e.Seeds} seeds by {race.Label(e.By)}: {Numbers.F(e.Difference)} worse on the paired seeds, at least {Numbers.F(e.LowerBound)} with the race's error control (margin {race.Margin})"),
            RaceState.Out => "out: a trial failed or diverged",
            RaceState.Leader => "leader: the best mean of those the race could not separate by max_seeds",
            RaceState.Unseparated => "not separated from the leader by max_seeds",
            _ => state.ToString().ToLowerInvariant(),
        };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
