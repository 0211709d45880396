using Orleans.Concurrency;

namespace Sweep.Grains.Contracts;

/// <summary>One sweep: expands its grid, starts a trial grain per (configuration, seed), tracks progress and aggregates.</summary>
public interface ISweepGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the sweep, or resumes it if it exists: trials without an outcome are (re)started.
    /// Returns once every trial has been handed out, not when they finish.
    /// </summary>
    /// <exception cref="Training.Sweeps.SweepFileException">The sweep file is invalid.</exception>
    Task<SweepStatus> StartAsync(SweepRequest request);

    /// <summary>The current progress; throws <see cref="KeyNotFoundException"/> for an unknown sweep.</summary>
    [AlwaysInterleave]
    Task<SweepStatus> GetStatusAsync();

    /// <summary>
    /// Returns at once when the number of finished trials differs from <paramref name="doneSeen"/>; otherwise when the
    /// sweep's progress next changes (a trial finishes, or is handed out or back: its running counts change), or after
    /// <paramref name="maxWait"/>.
    /// </summary>
    [AlwaysInterleave]
    Task<SweepStatus> WaitForProgressAsync(int doneSeen, TimeSpan maxWait);

    /// <summary>Aggregates ranked by <paramref name="metric"/> (null: the sweep's metric) and every trial's outcome.</summary>
    [AlwaysInterleave]
    Task<SweepReport> GetReportAsync(string? metric);

    /// <summary>A raced sweep's race as the results store replays it; null for a grid (without asking the store).</summary>
    [AlwaysInterleave]
    Task<Results.Racing.RaceStanding?> GetRaceAsync();

    /// <summary>
    /// The aggregates of <see cref="GetReportAsync"/> with only the failed trials' outcomes: what the ranked table and a
    /// summary of errors need, at the same cost for a sweep of any size.
    /// </summary>
    [AlwaysInterleave]
    Task<SweepReport> GetRankingAsync(string? metric);

    /// <summary>Every finished trial of <see cref="GetReportAsync"/> with its attempts, history and penalties, from the results store.</summary>
    [AlwaysInterleave]
    Task<TrialRecord[]> GetRecordsAsync(string? metric);

    /// <summary>The sweep's configurations in grid order.</summary>
    [AlwaysInterleave]
    Task<ConfigurationInfo[]> GetConfigurationsAsync();

    /// <summary>The sweep's seeds, in the order its trials are handed out.</summary>
    [AlwaysInterleave]
    Task<int[]> GetSeedsAsync();

    /// <summary>The sweep file and overrides the sweep was started with; null for a sweep that does not exist.</summary>
    [AlwaysInterleave]
    Task<SweepRequest?> GetRequestAsync();

    /// <summary>
    /// Hands the next pending trial to <paramref name="silo"/>, which will train it; null when none
    /// is pending (all finished, all handed out, or the sweep is cancelled). If the silo dies before
    /// the trial reports, the trial is pending again once the cluster declares the silo dead.
    /// </summary>
    Task<TrialAssignment?> LeaseAsync(SiloAddress silo);

    /// <summary>
    /// Writes the rows of a sweep that Sweep kept in grain state only, before the results store: its own and its finished
    /// trials'. False for a sweep that does not exist.
    /// </summary>
    Task<bool> ImportLegacyAsync();

    /// <summary>Called by trial grains when a trial finishes.</summary>
    [OneWay]
    Task ReportTrialAsync(TrialOutcome outcome);

    /// <summary>A handed-out trial was not trained (its silo stopped, or could not start it): it is pending again.</summary>
    [OneWay]
    Task ReturnTrialAsync(string trialKey);

    /// <summary>
    /// Stops the sweep: pending trials never start, running ones stop within an epoch, finished
    /// results stay. Running the same sweep file again resumes it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The sweep has already finished.</exception>
    Task<SweepStatus> CancelAsync();
}
