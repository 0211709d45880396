using Microsoft.Extensions.Logging;
using Sweep.Grains.Contracts;

namespace Sweep.Grains.ResultsStore;

/// <summary>
/// The writes of the results store that report progress rather than results: a sweep's changed row, a trial's attempt that
/// started or ended without an outcome. One that fails is logged with the store and the cause, and the work goes on: the
/// next write of that row puts it right. Writes of results go to <see cref="IResultsStore"/> directly, and their failures
/// reach the caller.
/// </summary>
public sealed partial class ResultsRecorder(IResultsStore store, ILogger<ResultsRecorder> logger)
{
    public Task SweepChangedAsync(SweepRow sweep) => TryAsync(s => s.SweepChangedAsync(sweep), $"sweep {sweep.SweepId}");

    public Task TrialStartedAsync(TrialAssignment assignment, TrialAttempt attempt) =>
        TryAsync(s => s.TrialStartedAsync(assignment.ConfigurationId, assignment.Seed, attempt), TrialKeys.For(assignment.ConfigurationId, assignment.Seed));

    public Task TrialReturnedAsync(TrialAssignment assignment, TrialAttempt attempt) =>
        TryAsync(s => s.TrialReturnedAsync(assignment.ConfigurationId, assignment.Seed, attempt), TrialKeys.For(assignment.ConfigurationId, assignment.Seed));

    private async Task TryAsync(Func<IResultsStore, Task> write, string what)
    {
        try
        {
            await write(store);
        }
        catch (Exception e)
        {
            LogNotRecorded(logger, what, store.Location, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The row of {What} could not be written to the results store {Location}: {Cause}")]
    private static partial void LogNotRecorded(ILogger logger, string what, string location, string cause);
}
