using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sweep.Grains.Contracts;
using Sweep.Grains.Execution;

namespace Sweep.Grains.ResultsStore;

/// <summary>
/// The writes of the results store that report progress rather than results: a sweep's changed row, a trial's attempt that
/// started or ended without an outcome. One that fails is logged with the store and the cause, and the work goes on: the
/// next write of that row puts it right. A store that keeps failing for the same cause (a full disk) is logged once, with
/// a line when writes succeed again (ten in a row), not once per row (each distinct cause once until then). Writes of results go to <see cref="IResultsStore"/> directly, and
/// their failures reach the caller.
/// </summary>
public sealed partial class ResultsRecorder(IResultsStore store, IOptions<TrialExecutionOptions> options, TimeProvider time, ILogger<ResultsRecorder> logger)
{
    // The pauses between tries of a result's write while its store is down: doubling up to the longest.
    private static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(5);

    // Writes that succeed in a row before an outage counts as over: a nearly full disk lets some writes through.
    private const int Recovered = 10;

    // The causes of the failures of the current outage, each logged once; empty while writes succeed.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> failing = new(StringComparer.Ordinal);
    private int successes;

    // The causes for which results wait to be stored, each logged once until a result is stored after all.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> resultsWaiting = new(StringComparer.Ordinal);

    public Task SweepChangedAsync(SweepRow sweep) => TryAsync(s => s.SweepChangedAsync(sweep), $"sweep {sweep.SweepId}");

    public Task TrialStartedAsync(TrialAssignment assignment, TrialAttempt attempt) =>
        TryAsync(s => s.TrialStartedAsync(assignment.ConfigurationId, assignment.Seed, attempt), TrialKeys.For(assignment.ConfigurationId, assignment.Seed));

    public Task TrialReturnedAsync(TrialAssignment assignment, TrialAttempt attempt) =>
        TryAsync(s => s.TrialReturnedAsync(assignment.ConfigurationId, assignment.Seed, attempt), TrialKeys.For(assignment.ConfigurationId, assignment.Seed));

    /// <summary>
    /// Stores a trial's outcome, trying again while the store fails for a transient cause (<see cref="IResultsStore.IsTransient"/>)
    /// for up to <see cref="TrialExecutionOptions.ResultRetrySeconds"/>: a PostgreSQL server that restarts, or cannot be
    /// reached for a while, loses no result. The first failure of an outage is logged, and when the result is stored after
    /// all. The caller's slot waits meanwhile (<see cref="TrialExecutor.HandOverAsync"/>), so a silo takes no more trials
    /// than it can hold results for.
    /// </summary>
    /// <exception cref="Exception">What the last try threw: a cause that is not transient, or the same one past the window.</exception>
    public async Task TrialEndedAsync(TrialRecord record)
    {
        var started = time.GetTimestamp();
        var pause = FirstPause;
        var tries = 0;
        while (true)
        {
            try
            {
                await store.TrialEndedAsync(record);
                if (tries > 0)
                {
                    resultsWaiting.Clear();
                    LogResultStoredAfterAll(logger, record.Outcome.TrialKey, store.Location, tries, time.GetElapsedTime(started).TotalSeconds);
                }

                return;
            }
            catch (Exception e) when (store.IsTransient(e) && time.GetElapsedTime(started) + pause < TimeSpan.FromSeconds(options.Value.ResultRetrySeconds))
            {
                if (tries++ == 0 && resultsWaiting.TryAdd(e.Message, true))
                {
                    LogResultRetried(logger, record.Outcome.TrialKey, store.Location, e.Message, options.Value.ResultRetrySeconds);
                }

                await Task.Delay(pause, time);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
            }
        }
    }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The result of trial {TrialKey} could not be stored in the results store {Location}: {Cause}; it is tried again for up to {Seconds} s (later results that wait for the same cause are not logged)")]
    private static partial void LogResultRetried(ILogger logger, string trialKey, string location, string cause, int seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "The result of trial {TrialKey} is stored in the results store {Location} after {Tries} failed tries ({Seconds:F1} s)")]
    private static partial void LogResultStoredAfterAll(ILogger logger, string trialKey, string location, int tries, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rows are written to the results store {Location} again")]
    private static partial void LogRecordedAgain(ILogger logger, string location);

    [LoggerMessage(Level = LogLevel.Error, Message = "The row of {What} could not be written to the results store {Location}: {Cause} (later rows that fail for the same cause are not logged)")]
    private static partial void LogNotRecorded(ILogger logger, string what, string location, string cause);
}
