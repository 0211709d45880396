using Sweep.Grains.Contracts;
using Sweep.Training.Datasets;

namespace Sweep.Client.Output;

/// <summary>
/// What plots and reports are drawn from: a sweep's report, the records (histories) of its trials, the sweep file
/// of its latest run, and where its data files are read (the copies sent with a submitted sweep); with
/// <see cref="Runs"/>, every run of its file, which its trials' attempts name.
/// </summary>
internal sealed record SweepData(SweepReport Report, IReadOnlyList<TrialRecord> Records, SweepRequest? Request = null, DataFiles? Files = null)
{
    /// <summary>Every run of the sweep's file, oldest first; empty where the source does not keep them.</summary>
    public IReadOnlyList<SweepRun> Runs { get; init; } = [];

    /// <summary>The sweep's id, for titles and messages.</summary>
    public string SweepId => Report.Status.SweepId;

    /// <summary>
    /// The run of this sweep's file that trained <paramref name="trial"/> (the run its ending attempt was handed out
    /// for); null for a trial trained before runs were recorded or by another sweep that shares its configuration.
    /// </summary>
    public SweepRun? RunThatTrained(TrialOutcome trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        var run = trial.AttemptLog.LastOrDefault(a => a.Ended is not null && a.Error is null)?.Run;
        return run is null ? null : Runs.FirstOrDefault(r => r.Run == run);
    }

    /// <summary>The baseline's aggregate, if the sweep has a baseline.</summary>
    public ConfigurationAggregate? Baseline => Report.Ranking.FirstOrDefault(a => a.Configuration.Id == Report.BaselineId);

    /// <summary>The completed trials' records of one configuration, in seed order.</summary>
    public IReadOnlyList<TrialRecord> CompletedOf(string configurationId) => Records
        .Where(r => r.Outcome.ConfigurationId == configurationId && r.Outcome.State == TrialState.Completed)
        .OrderBy(r => r.Outcome.Seed)
        .ToArray();

    /// <summary>
    /// The configurations named by <paramref name="names"/> (see <see cref="Output.ConfigurationChoice"/>), in ranking
    /// order; with no names, the first <paramref name="top"/> by rank and the baseline.
    /// </summary>
    /// <exception cref="ArgumentException">A name matches no configuration, or an id prefix several.</exception>
    public IReadOnlyList<ConfigurationAggregate> Select(IReadOnlyList<string> names, int top = int.MaxValue) =>
        names.Count == 0
            ? Report.Ranking.Where((a, rank) => rank < top || a.Configuration.Id == Report.BaselineId).ToArray()
            : Output.ConfigurationChoice.Select(Report, names);
}
