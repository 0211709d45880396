using Sweep.Grains.Contracts;
using Sweep.Training.Datasets;

namespace Sweep.Client.Plots;

/// <summary>
/// What plots and reports are drawn from: a sweep's report, the records (histories) of its trials, the sweep file
/// it was started with, and where its data files are read (the copies sent with a submitted sweep).
/// </summary>
internal sealed record SweepData(SweepReport Report, IReadOnlyList<TrialRecord> Records, SweepRequest? Request = null, DataFiles? Files = null)
{
    /// <summary>The sweep's id, for titles and messages.</summary>
    public string SweepId => Report.Status.SweepId;

    /// <summary>The baseline's aggregate, if the sweep has a baseline.</summary>
    public ConfigurationAggregate? Baseline => Report.Ranking.FirstOrDefault(a => a.Configuration.Id == Report.BaselineId);

    /// <summary>The completed trials' records of one configuration, in seed order.</summary>
    public IReadOnlyList<TrialRecord> CompletedOf(string configurationId) => Records
        .Where(r => r.Outcome.ConfigurationId == configurationId && r.Outcome.State == TrialState.Completed)
        .OrderBy(r => r.Outcome.Seed)
        .ToArray();

    /// <summary>
    /// The configurations named by <paramref name="names"/> (ids, unique id prefixes, labels, or ranks such as #1), in
    /// ranking order; with no names, the first <paramref name="top"/> by rank and the baseline.
    /// </summary>
    /// <exception cref="ArgumentException">A name matches no configuration, or several.</exception>
    public IReadOnlyList<ConfigurationAggregate> Select(IReadOnlyList<string> names, int top = int.MaxValue)
    {
        var ranking = Report.Ranking;
        if (names.Count == 0)
        {
            return ranking.Where((a, rank) => rank < top || a.Configuration.Id == Report.BaselineId).ToArray();
        }

        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            chosen.Add(Find(name).Configuration.Id);
        }

        return ranking.Where(a => chosen.Contains(a.Configuration.Id)).ToArray();
    }

    private ConfigurationAggregate Find(string name)
    {
        var ranking = Report.Ranking;
        if (name.StartsWith('#') && int.TryParse(name[1..], out var rank))
        {
            return rank >= 1 && rank <= ranking.Length
                ? ranking[rank - 1]
                : throw new ArgumentException($"--configs: sweep {SweepId} has ranks #1 to #{ranking.Length}, not {name}");
        }

        var matches = ranking.Where(a => a.Configuration.Label == name || a.Configuration.Id == name).ToArray();
        if (matches.Length == 0)
        {
            matches = ranking.Where(a => a.Configuration.Id.StartsWith(name, StringComparison.Ordinal)).ToArray();
        }

        return matches.Length switch
        {
            1 => matches[0],
            0 => throw new ArgumentException($"--configs: sweep {SweepId} has no configuration '{name}'; give an id, a label or a rank (#1); its configurations: {string.Join("; ", ranking.Select(a => $"{a.Configuration.Id} ({a.Configuration.Label})"))}"),
            _ => throw new ArgumentException($"--configs: '{name}' matches {matches.Length} configurations of sweep {SweepId}: {string.Join(", ", matches.Select(a => a.Configuration.Id))}; give more of the id"),
        };
    }
}
