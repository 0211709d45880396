using Sweep.Grains.Contracts;

namespace Sweep.Grains.ResultsStore;

/// <summary>
/// Where sweeps and trials are recorded as rows of a documented relational schema (<see cref="ResultsSchema"/>), for
/// queries without a silo and for other tools (sqlite3, pandas, DuckDB). Every write touches one sweep's or one trial's
/// rows: its cost does not grow with the sweep.
/// </summary>
public interface IResultsStore
{
    /// <summary>Where the rows are kept, for messages.</summary>
    string Location { get; }

    /// <summary>
    /// Records a start of a sweep: its row, its configurations and seeds (the first time), and this run of its file
    /// (every time, with the file's text and SHA-256).
    /// </summary>
    Task SweepStartedAsync(SweepRow sweep, IReadOnlyList<ConfigurationInfo> configurations, IReadOnlyList<int> seeds, SweepRequest request);

    /// <summary>Stores a sweep's row again after its state changed (finished, cancelled, resumed).</summary>
    Task SweepChangedAsync(SweepRow sweep);

    /// <summary>A trial's attempt started: its row says running, on which silo, which attempt. A completed trial's row stays as it is.</summary>
    Task TrialStartedAsync(string configurationId, int seed, TrialAttempt attempt);

    /// <summary>A trial's attempt ended without an outcome (handed back, cancelled, to be retried): its row says pending.</summary>
    Task TrialReturnedAsync(string configurationId, int seed, TrialAttempt attempt);

    /// <summary>
    /// A trial's outcome (completed, diverged or failed), its attempts, history and penalties. Idempotent: a completed or
    /// diverged row is never replaced, so a trial is never counted twice.
    /// </summary>
    Task TrialEndedAsync(TrialRecord record);
}
