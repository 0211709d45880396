using Sweep.Grains.Contracts;
using Sweep.Training.Sweeps;

namespace Sweep.Grains.ResultsStore;

/// <summary>
/// Where sweeps and trials are recorded as rows of a documented relational schema (<see cref="ResultsSchema"/>): the one
/// home of results. Grains write a trial's rows once, when it ends, and read them back; commands read them without a silo
/// where they can reach the store, and other tools (sqlite3, psql, pandas, DuckDB) read them as they are. Every write
/// touches one sweep's or one trial's rows: its cost does not grow with the sweep.
/// </summary>
public interface IResultsStore
{
    /// <summary>Where the rows are kept, for messages.</summary>
    string Location { get; }

    /// <summary>
    /// Whether <paramref name="exception"/>, thrown by a write, is a fault the store gets over by itself (a server that
    /// restarts or cannot be reached for a while, a lock held elsewhere), so that the same write is worth trying again;
    /// not one that a write met because of what it wrote, or a full disk.
    /// </summary>
    bool IsTransient(Exception exception);

    /// <summary>
    /// Records a start of a sweep: its row, its configurations and seeds (the first time), and this run of its file
    /// (every time, with the file's text and SHA-256).
    /// </summary>
    /// <returns>The run's number (<c>sweep_runs.run</c>), which the sweep's trial attempts carry.</returns>
    Task<long> SweepStartedAsync(SweepRow sweep, IReadOnlyList<ConfigurationInfo> configurations, IReadOnlyList<int> seeds, SweepRequest request);

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

    /// <summary>
    /// The sweep is started again: its failed trials are pending (their rows say so until they run), so that a sweep grain
    /// that activates before they run hands them out again.
    /// </summary>
    Task RetryFailedAsync(string sweepId);

    /// <summary>Every trial of a sweep that has an outcome: a sweep grain rebuilds its queue and counts from these when it activates.</summary>
    Task<EndedTrial[]> EndedTrialsAsync(string sweepId);

    /// <summary>Every ended trial of a sweep with its value of <paramref name="metric"/> (NaN where it has none), as a race decides from them.</summary>
    /// <exception cref="ArgumentException">The metric is not one of <see cref="Metric.All"/>.</exception>
    Task<EndedValue[]> MetricValuesAsync(string sweepId, string metric);

    /// <summary>A raced sweep's race, replayed from its stored results on the sweep's metric; null for a grid.</summary>
    /// <exception cref="KeyNotFoundException">No sweep has that id.</exception>
    Task<Results.Racing.RaceStanding?> RaceAsync(string sweepId);

    /// <summary>A trial's stored outcome if it completed or diverged (deterministic, so it stands); null otherwise.</summary>
    Task<TrialOutcome?> OutcomeAsync(string configurationId, int seed);

    /// <summary>Every sweep's id and name, oldest first.</summary>
    Task<(string Id, string Name)[]> SweepNamesAsync();

    /// <summary>Every sweep's progress, oldest first, as its rows say.</summary>
    Task<SweepStatus[]> StatusesAsync();

    /// <summary>A sweep's progress as its rows say.</summary>
    /// <exception cref="KeyNotFoundException">No sweep has that id.</exception>
    Task<SweepStatus> StatusAsync(string sweepId);

    /// <summary>A sweep's aggregates ranked by <paramref name="metric"/> (null: the sweep's) and every finished trial's outcome.</summary>
    /// <exception cref="KeyNotFoundException">No sweep has that id.</exception>
    /// <exception cref="ArgumentException">The metric is unknown.</exception>
    Task<SweepReport> ReportAsync(string sweepId, string? metric, bool attempts = false);

    /// <summary>
    /// The aggregates of <see cref="ReportAsync"/> with only its failed trials, for the ranked table of a sweep of any size;
    /// with <paramref name="shown"/>, only the ranked metric and the ones it names have values, and no min or max.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No sweep has that id.</exception>
    /// <exception cref="ArgumentException">The metric is unknown.</exception>
    Task<SweepReport> RankingAsync(string sweepId, string? metric, Func<Metric, IReadOnlyCollection<Metric>>? shown = null);

    /// <summary>
    /// A page of the sweep's finished trials (of <paramref name="configurationId"/> only, if given), latest finished first,
    /// then in grid and seed order, each with its attempts; with how many have finished in all.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No sweep has that id.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The offset is negative or the limit is not positive.</exception>
    Task<TrialPage> TrialPageAsync(string sweepId, int offset, int limit, string? configurationId = null);

    /// <summary>Every finished trial of a report with its attempts, history and penalties, in the report's order.</summary>
    Task<TrialRecord[]> RecordsAsync(SweepReport report);

    /// <summary>The sweep file of the sweep's latest run; null for a sweep that does not exist.</summary>
    Task<SweepRequest?> RequestAsync(string sweepId);

    /// <summary>Every run of the sweep's file, oldest first.</summary>
    Task<SweepRun[]> RunsAsync(string sweepId);
}

/// <summary>A trial with an outcome, as a sweep grain needs it to hand out work: which one, how it ended, where.</summary>
public readonly record struct EndedTrial(string ConfigurationId, int Seed, TrialState State, string Silo);

/// <summary>An ended trial's state and its value of one metric (NaN where it has none).</summary>
public readonly record struct EndedValue(string ConfigurationId, int Seed, TrialState State, double Value);
