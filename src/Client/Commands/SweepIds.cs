namespace Sweep.Client.Commands;

/// <summary>
/// Which sweep a command means: its id, a unique prefix of an id, or a sweep's name (the file's <c>name:</c>), as
/// <c>git</c> takes a commit by a prefix of its hash.
/// </summary>
internal static class SweepIds
{
    /// <summary>
    /// The id of the one sweep that <paramref name="given"/> names among <paramref name="sweeps"/> (id and name, oldest first):
    /// an id, else a name, else a prefix of an id.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No sweep matches.</exception>
    /// <exception cref="ArgumentException">Several sweeps match: the message lists them.</exception>
    public static string Resolve(string given, IReadOnlyList<(string Id, string Name)> sweeps)
    {
        if (sweeps.Any(s => s.Id == given))
        {
            return given;
        }

        // A name is exact, so it goes before prefixes: sweep "c" is not every sweep whose id starts with c.
        var named = sweeps.Where(s => s.Name == given).ToArray();
        var matches = named.Length > 0 ? named : sweeps.Where(s => s.Id.StartsWith(given, StringComparison.Ordinal)).ToArray();
        return matches.Length switch
        {
            1 => matches[0].Id,
            0 => throw new KeyNotFoundException($"no sweep with id '{given}'"),
            _ => throw new ArgumentException(
                $"'{given}' matches {matches.Length} sweeps: {string.Join(", ", matches.Select(s => s.Id))}; give more of the id"),
        };
    }
}
