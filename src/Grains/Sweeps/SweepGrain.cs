using System.Diagnostics;
using Sweep.Grains.Contracts;
using Sweep.Grains.Results;
using Sweep.Training.Sweeps;

namespace Sweep.Grains.Sweeps;

/// <summary>
/// One sweep. It expands the grid, hands every (configuration, seed) to its trial grain, and
/// records the outcomes they report. Trial grains do the work; this grain never waits on one.
/// </summary>
internal sealed class SweepGrain(
    [PersistentState("sweep", StorageNames.Sweeps)] IPersistentState<SweepGrainState> state,
    TimeProvider time) : Grain, ISweepGrain
{
    private const int StartBatchSize = 256;

    private TaskCompletionSource progressed = NewSignal();

    public async Task<SweepStatus> StartAsync(SweepRequest request)
    {
        var sweepId = this.GetPrimaryKeyString();
        if (state.State.Request is null)
        {
            var plan = SweepFile.Parse(request.Text, request.File, new SweepOverrides(request.Seeds, request.Epochs));
            var definition = plan.Definition;
            if (plan.Id != sweepId)
            {
                throw new ArgumentException($"{request.File} describes sweep {plan.Id}, not {sweepId}", nameof(request));
            }

            state.State.Request = request;
            state.State.Name = definition.Name;
            state.State.Metric = definition.Metric;
            state.State.Configurations = plan.Configurations.Select(c => new ConfigurationInfo(c.Id, c.Label, c.SpecJson)).ToList();
            state.State.Seeds = definition.Seeds.ToList();
            state.State.Created = time.GetUtcNow();
            await state.WriteStateAsync();
            await GrainFactory.GetGrain<ISweepCatalogGrain>(0).AddAsync(sweepId);
        }

        // Failed trials are tried again: their outcomes go, and the sweep is running until they report.
        var failed = state.State.Outcomes.Where(pair => pair.Value.State != TrialState.Completed).Select(pair => pair.Key).ToArray();
        if (failed.Length > 0)
        {
            foreach (var key in failed)
            {
                state.State.Outcomes.Remove(key);
            }

            state.State.Finished = null;
            await state.WriteStateAsync();
        }

        var traceParent = request.TraceParent ?? state.State.Request.TraceParent;
        var assignments =
            from configuration in state.State.Configurations
            from seed in state.State.Seeds
            where !state.State.Outcomes.ContainsKey(TrialKeys.For(configuration.Id, seed))
            select new TrialAssignment(sweepId, configuration.Id, configuration.SpecJson, seed, traceParent);

        // Trial grains only record the assignment and return, so a batch of calls at a time is cheap.
        foreach (var batch in assignments.Chunk(StartBatchSize))
        {
            await Task.WhenAll(batch.Select(a => GrainFactory.GetGrain<ITrialGrain>(TrialKeys.For(a.ConfigurationId, a.Seed)).StartAsync(a)));
        }

        return Status();
    }

    public Task<SweepStatus> GetStatusAsync() => Task.FromResult(Status());

    public async Task<SweepStatus> WaitForProgressAsync(int doneSeen, TimeSpan maxWait)
    {
        var status = Status();
        if (status.Done != doneSeen || status.State == SweepState.Completed)
        {
            return status;
        }

        await Task.WhenAny(progressed.Task, Task.Delay(maxWait, time));
        return Status();
    }

    public Task<SweepReport> GetReportAsync(string? metric)
    {
        var status = Status();
        var rankedBy = Metric.Find(metric ?? state.State.Metric)
            ?? throw new ArgumentException($"unknown metric '{metric}'; allowed: {string.Join(", ", Metric.All.Select(m => m.Name))}", nameof(metric));
        var ranking = Aggregation.Rank(state.State.Configurations, state.State.Outcomes.Values, rankedBy);
        var trials = state.State.Outcomes.Values
            .OrderBy(o => state.State.Configurations.FindIndex(c => c.Id == o.ConfigurationId))
            .ThenBy(o => o.Seed)
            .ToArray();
        return Task.FromResult(new SweepReport(status, rankedBy.Name, ranking, trials));
    }

    public Task<ConfigurationInfo[]> GetConfigurationsAsync()
    {
        EnsureExists();
        return Task.FromResult(state.State.Configurations.ToArray());
    }

    public async Task ReportTrialAsync(TrialOutcome outcome)
    {
        if (state.State.Request is null)
        {
            return;
        }

        state.State.Outcomes[outcome.TrialKey] = outcome;
        if (state.State.Outcomes.Count == Total && state.State.Finished is null)
        {
            state.State.Finished = time.GetUtcNow();
        }

        await state.WriteStateAsync();
        var signal = progressed;
        progressed = NewSignal();
        signal.TrySetResult();
    }

    private int Total => state.State.Configurations.Count * state.State.Seeds.Count;

    private SweepStatus Status()
    {
        EnsureExists();
        var outcomes = state.State.Outcomes.Values;
        var completed = outcomes.Count(o => o.State == TrialState.Completed);
        var failed = outcomes.Count(o => o.State == TrialState.Failed);
        var stateNow = state.State.Finished is not null ? SweepState.Completed : SweepState.Running;
        var traceId = ActivityContext.TryParse(state.State.Request!.TraceParent, null, out var context) ? context.TraceId.ToString() : null;
        return new SweepStatus(
            this.GetPrimaryKeyString(),
            state.State.Name,
            stateNow,
            state.State.Configurations.Count,
            Total,
            completed,
            failed,
            state.State.Created,
            state.State.Finished,
            state.State.Metric,
            traceId);
    }

    private void EnsureExists()
    {
        if (state.State.Request is null)
        {
            throw new KeyNotFoundException($"no sweep with id '{this.GetPrimaryKeyString()}'");
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
