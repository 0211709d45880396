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
    /// The sweep no longer wants this trial. Training stops within an epoch once no sweep wants it;
    /// nothing is recorded, so a later sweep trains it from the start.
    /// </summary>
    Task CancelAsync(string sweepId);

    /// <summary>The stored record, or null if the trial has not completed.</summary>
    Task<TrialRecord?> GetRecordAsync();
}
