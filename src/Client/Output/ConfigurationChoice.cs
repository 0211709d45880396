using Sweep.Grains.Contracts;

namespace Sweep.Client.Output;

/// <summary>
/// The configurations that <c>--configs</c> names: ids, unique id prefixes, labels, ranks (<c>#1</c>), or grid filters
/// (<c>rate=0.5</c>; several in one value, separated by spaces, must all hold). Several values choose their union.
/// </summary>
internal static class ConfigurationChoice
{
    /// <summary>The configurations named, in ranking order.</summary>
    /// <exception cref="ArgumentException">A name matches no configuration, or an id prefix several.</exception>
    public static IReadOnlyList<ConfigurationAggregate> Select(SweepReport report, IReadOnlyList<string> names)
    {
        var settings = GridSettings.Of(report.Ranking.Select(a => a.Configuration));
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            chosen.UnionWith(Find(report, settings, name).Select(a => a.Configuration.Id));
        }

        return report.Ranking.Where(a => chosen.Contains(a.Configuration.Id)).ToArray();
    }

    private static IEnumerable<ConfigurationAggregate> Find(SweepReport report, GridSettings settings, string name)
    {
        var ranking = report.Ranking;
        var sweepId = report.Status.SweepId;
        if (name.StartsWith('#') && int.TryParse(name[1..], out var rank))
        {
            return rank >= 1 && rank <= ranking.Length
                ? [ranking[rank - 1]]
                : throw new ArgumentException($"--configs: sweep {sweepId} has ranks #1 to #{ranking.Length}, not {name}");
        }

        var matches = ranking.Where(a => a.Configuration.Label == name || a.Configuration.Id == name).ToArray();
        if (matches.Length == 0 && Filter(name) is { } filter)
        {
            var unknown = filter.Select(f => f.Name).Where(n => !settings.Names.Contains(n)).ToArray();
            if (unknown.Length > 0)
            {
                throw new ArgumentException(settings.Names.Count == 0
                    ? $"--configs: sweep {sweepId} has no grid settings to filter on ('{name}')"
                    : $"--configs: sweep {sweepId} has no grid setting '{unknown[0]}'; its grid settings: {string.Join(", ", settings.Names)}");
            }

            matches = ranking.Where(a => settings.Matches(a.Configuration.Id, filter)).ToArray();
            return matches.Length > 0
                ? matches
                : throw new ArgumentException($"--configs: no configuration of sweep {sweepId} has {name}; its values: {string.Join("; ", filter.Select(f => $"{f.Name}: {string.Join(", ", settings.Values(f.Name))}").Distinct())}");
        }

        if (matches.Length == 0)
        {
            matches = ranking.Where(a => a.Configuration.Id.StartsWith(name, StringComparison.Ordinal)).ToArray();
        }

        return matches.Length switch
        {
            1 => matches,
            0 => throw new ArgumentException($"--configs: sweep {sweepId} has no configuration '{name}'; give an id, a label, a rank (#1) or a grid setting (name=value); its configurations: {string.Join("; ", ranking.Select(a => $"{a.Configuration.Id} ({a.Configuration.Label})"))}"),
            _ => throw new ArgumentException($"--configs: '{name}' matches {matches.Length} configurations of sweep {sweepId}: {string.Join(", ", matches.Select(a => a.Configuration.Id))}; give more of the id"),
        };
    }

    // "rate=0.5 placement=before": every part a name=value pair, or not a filter.
    private static (string Name, string Value)[]? Filter(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var pairs = parts.Select(part => part.IndexOf('=', StringComparison.Ordinal) is var at and > 0 ? (part[..at], part[(at + 1)..]) : default).ToArray();
        return parts.Length > 0 && pairs.All(p => p.Item1 is not null) ? pairs : null;
    }
}
