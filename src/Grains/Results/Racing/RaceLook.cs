namespace Sweep.Grains.Results.Racing;

/// <summary>What a race decides at one look, from the results of every surviving configuration's first seeds.</summary>
/// <param name="Seeds">The seeds each survivor had at this look.</param>
/// <param name="Eliminated">The configurations dropped at this look.</param>
/// <param name="Survivors">The configurations still in the race after it, the leader (best mean) first.</param>
/// <param name="Tied">Whether every pair of survivors is within the margin with the look's confidence: the race ends with them as a tie set.</param>
/// <param name="Finished">Whether the race ends here: one survivor left, a tie, or the last planned look.</param>
public sealed record RaceLook(int Seeds, IReadOnlyList<Elimination> Eliminated, IReadOnlyList<string> Survivors, bool Tied, bool Finished);
