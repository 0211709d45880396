using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sweep.Grains.Contracts;

namespace Sweep.Grains.ResultsStore;

/// <summary>
/// How grains write the results store the host registered (<see cref="IResultsStore"/>), if it registered one: a cluster
/// whose hosts have none keeps results in grain state only, and its queries go through the grains. A write that fails
/// is logged with the store and the cause; the grain state written beside it still holds the result.
/// </summary>
public sealed partial class ResultsRecorder(IServiceProvider services, ILogger<ResultsRecorder> logger)
{
    private readonly IResultsStore? store = services.GetService<IResultsStore>();

    /// <summary>Records a start of a sweep. A failure is thrown: the command that started it must say so.</summary>
    public Task SweepStartedAsync(SweepRow sweep, IReadOnlyList<ConfigurationInfo> configurations, IReadOnlyList<int> seeds, SweepRequest request) =>
        store?.SweepStartedAsync(sweep, configurations, seeds, request) ?? Task.CompletedTask;

    public Task SweepChangedAsync(SweepRow sweep) => TryAsync(s => s.SweepChangedAsync(sweep), $"sweep {sweep.SweepId}");

    public Task TrialStartedAsync(TrialAssignment assignment, TrialAttempt attempt) =>
        TryAsync(s => s.TrialStartedAsync(assignment.ConfigurationId, assignment.Seed, attempt), TrialKeys.For(assignment.ConfigurationId, assignment.Seed));

    public Task TrialReturnedAsync(TrialAssignment assignment, TrialAttempt attempt) =>
        TryAsync(s => s.TrialReturnedAsync(assignment.ConfigurationId, assignment.Seed, attempt), TrialKeys.For(assignment.ConfigurationId, assignment.Seed));

    public Task TrialEndedAsync(TrialRecord record) => TryAsync(s => s.TrialEndedAsync(record), record.Outcome.TrialKey);

    private async Task TryAsync(Func<IResultsStore, Task> write, string what)
    {
        if (store is null)
        {
            return;
        }

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
