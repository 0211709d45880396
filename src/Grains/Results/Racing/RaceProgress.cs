namespace Sweep.Grains.Results.Racing;

/// <summary>Where a race stands, replayed from its stored results (<see cref="RaceReplay"/>).</summary>
/// <param name="Seeds">The seeds every survivor may have now: the current round's end.</param>
/// <param name="Survivors">The configurations still racing (after the race: the winner, or the tie set, leader first).</param>
/// <param name="Eliminated">The configurations dropped so far, with the evidence.</param>
/// <param name="Out">Configurations that left the race because a trial of theirs failed or diverged, with which.</param>
/// <param name="Finished">Whether the race has ended: no trial beyond those run is needed.</param>
/// <param name="Tied">Whether it ended with survivors all within the margin of each other.</param>
[GenerateSerializer]
[Alias("Sweep.RaceProgress")]
public sealed record RaceProgress(
    [property: Id(0)] int Seeds,
    [property: Id(1)] IReadOnlyList<string> Survivors,
    [property: Id(2)] IReadOnlyList<Elimination> Eliminated,
    [property: Id(3)] IReadOnlyList<string> Out,
    [property: Id(4)] bool Finished,
    [property: Id(5)] bool Tied)
{
    /// <summary>The configurations a finished race confirms (none before): its survivors, and the baseline they are compared with.</summary>
    public IEnumerable<string> ConfirmedWith(string? baselineId) =>
        !Finished ? [] : baselineId is null ? Survivors : Survivors.Append(baselineId).Distinct(StringComparer.Ordinal);
}
