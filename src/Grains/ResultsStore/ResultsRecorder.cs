using Microsoft.Extensions.Logging;
using Sweep.Grains.Contracts;

namespace Sweep.Grains.ResultsStore;

/// <summary>
/// The writes of the results store that report progress rather than results: a sweep's changed row, a trial's attempt that
/// started or ended without an outcome. One that fails is logged with the store and the cause, and the work goes on: the
/// next write of that row puts it right. A store that keeps failing for the same cause (a full disk) is logged once, with
/// a line when writes succeed again (ten in a row), not once per row (each distinct cause once until then). Writes of results go to <see cref="IResultsStore"/> directly, and
/// their failures reach the caller.
/// </summary>
public sealed partial class ResultsRecorder(IResultsStore store, ILogger<ResultsRecorder> logger)
{
    // Writes that succeed in a row before an outage counts as over: a nearly full disk lets some writes through.
    private const int Recovered = 10;

    // The causes of the failures of the current outage, each logged once; empty while writes succeed.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> failing = new(StringComparer.Ordinal);
    private int successes;

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
            if (!failing.IsEmpty && Interlocked.Increment(ref successes) == Recovered)
            {
                failing.Clear();
                LogRecordedAgain(logger, store.Location);
            }
        }
        catch (Exception e)
        {
            Interlocked.Exchange(ref successes, 0);
            if (failing.TryAdd(e.Message, true))
            {
                LogNotRecorded(logger, what, store.Location, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rows are written to the results store {Location} again")]
    private static partial void LogRecordedAgain(ILogger logger, string location);

    [LoggerMessage(Level = LogLevel.Error, Message = "The row of {What} could not be written to the results store {Location}: {Cause} (later rows that fail for the same cause are not logged)")]
    private static partial void LogNotRecorded(ILogger logger, string what, string location, string cause);
}
