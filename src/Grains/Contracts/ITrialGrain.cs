namespace Sweep.Grains.Contracts;

/// <summary>Owns one (configuration, seed) trial: runs it once, keeps its result, reports it to every sweep that asks.</summary>
public interface ITrialGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the trial if it has not run, and returns at once; the outcome is reported to the
    /// sweep with <see cref="ISweepGrain.ReportTrialAsync"/>. A completed trial reports its stored result.
    /// </summary>
    Task StartAsync(TrialAssignment assignment);

    /// <summary>
    /// The sweep no longer wants this trial, which it handed out as <paramref name="lease"/>. Training stops within an
    /// epoch once no sweep wants it; nothing is recorded, so a later sweep trains it from the start. A start of that
    /// lease that arrives after the cancel (it was on its way) is ignored.
    /// </summary>
    Task CancelAsync(string sweepId, Guid lease);

    /// <summary>The record that Sweep kept in the grain's state before the results store, for an import of such a store; null for none.</summary>
    Task<TrialRecord?> GetLegacyRecordAsync();

    /// <summary>
    /// Whether a run is in flight, and the stored outcome: a sweep asks this of a trial it handed out long ago, since a
    /// lease can outlive its run (a lost call, a run on a silo that died after the sweep moved). An activation that is
    /// not training deactivates after answering, so the question leaves none behind.
    /// </summary>
    Task<TrialProbe> ProbeAsync();
}
