using Microsoft.Extensions.Logging;
using Sweep.Grains.Contracts;
using Sweep.Grains.Data;
using Sweep.Grains.Results.Racing;
using Sweep.Grains.ResultsStore;
using Sweep.Grains.Telemetry;
using Sweep.Training.Sweeps;

namespace Sweep.Grains.Sweeps;

/// <summary>
/// One sweep. It expands the grid, keeps the queue of pending trials, hands them out one at a time to
/// the silos that ask (<see cref="LeaseAsync"/>), and counts the outcomes their trial grains report.
/// Its stored state is the sweep's plan and when it finished or was cancelled, written a few times per
/// sweep; the trials' results are rows of the results store, which their trial grains write. The queue,
/// the leases and the counts live in memory: after a reactivation they are rebuilt from the store's rows,
/// every trial without an outcome is pending again, and a trial still running elsewhere is deduplicated by
/// its trial grain.
/// </summary>
internal sealed partial class SweepGrain(
    [PersistentState("sweep", StorageNames.Sweeps)] IPersistentState<SweepGrainState> state,
    IClusterMembershipService membership,
    DataFileCache dataFiles,
    IResultsStore store,
    ResultsRecorder results,
    TimeProvider time,
    ILogger<SweepGrain> logger) : Grain, ISweepGrain
{
    /// <summary>How often handed-out trials are checked against the cluster's membership.</summary>
    internal static readonly TimeSpan LeaseCheckPeriod = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    // The sweep's trials (which have ended, which come next) and those handed out.
    private readonly TrialLeases leases = new(time);

    // Where the sweep's race stands (null for a plain grid); replayed from the store when a round ends.
    private RaceProgress? race;

    // Failures reported to this activation: one whose result could not be stored has no row, and reports still name it.
    private readonly Dictionary<string, TrialOutcome> failures = [];

    private TaskCompletionSource progressed = NewSignal();
    private IGrainTimer? leaseCheck;
    private IDisposable? gauges;

    private string SweepId => this.GetPrimaryKeyString();

    private bool HandsOut => HandsOutOf(state.State);

    private ISweepCatalogGrain Catalog => GrainFactory.GetGrain<ISweepCatalogGrain>(0);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Request is not null)
        {
            await LoadTrialsAsync();
        }

        // Read on the metrics thread, where grain services (the state's accessor among them) refuse to answer: plain objects only.
        var sweepId = SweepId;
        var data = state.State;
        gauges = SweepTelemetry.ObserveSweep(() =>
        {
            var now = leases.Trials;
            return (sweepId, HandsOutOf(data) ? now.Total - now.Done - leases.Count : 0, now.Total == 0 ? 0 : (double)now.Done / now.Total);
        });
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        gauges?.Dispose();
        return Task.CompletedTask;
    }

    public async Task<SweepStatus> StartAsync(SweepRequest request)
    {
        if (state.State.Request is null)
        {
            var plan = await PlanOfAsync(request);
            var definition = plan.Definition;

            state.State.Request = request;
            state.State.Name = definition.Name;
            state.State.Metric = plan.Metric.Name;
            state.State.Configurations = plan.Configurations.Select(c => new ConfigurationInfo(c.Id, c.Label, c.SpecJson, c.SettingsJson)).ToList();
            state.State.Seeds = definition.Seeds.ToList();
            state.State.BaselineId = plan.BaselineId;
            state.State.Retries = definition.Retries;
            state.State.TrialTimeLimit = definition.TrialTimeLimit;
            state.State.SetRace(definition.Race);

            state.State.Created = time.GetUtcNow();
            state.State.TraceContext = SweepSpan.NewContext(request.TraceParent);
            await state.WriteStateAsync();
            await Catalog.AddAsync(SweepId);
            leases.Load(new SweepTrials(state.State.Configurations, state.State.Seeds) { Limit = state.State.Race() is null ? int.MaxValue : 0 });
        }
        else if (state.State.Request.Text != request.Text)
        {
            // An edited file that trains the same configurations and seeds (new comments, baseline, metric, retries):
            // from now on its settings apply; what has been trained stays.
            var plan = await PlanOfAsync(request);
            state.State.Request = request;
            state.State.Metric = plan.Metric.Name;
            state.State.BaselineId = plan.BaselineId;
            state.State.Retries = plan.Definition.Retries;
            state.State.TrialTimeLimit = plan.Definition.TrialTimeLimit;
            var edited = plan.Definition.Race;
            state.State.SetRace(edited);
            await state.WriteStateAsync();
        }

        // A sweep stored before sweeps had their own span gets one now.
        if (state.State.TraceContext is null)
        {
            state.State.TraceContext = SweepSpan.NewContext(request.TraceParent);
            await state.WriteStateAsync();
        }

        // The sweep's rows first (its configurations and seeds, this run of its file): its trials' rows are read through them.
        state.State.Run = await store.SweepStartedAsync(Row(), state.State.Configurations, state.State.Seeds, request);
        await state.WriteStateAsync();

        // A sweep kept by an earlier Sweep in grain state only gets its rows first (its run's row is the one just written).
        if (state.State.Outcomes.Count > 0)
        {
            await ImportOutcomesAsync();
        }

        // Failed trials are tried again and a cancelled sweep resumes: the sweep is running until they report.
        // Diverged ones stand: they are deterministic. A finished sweep with trials that have no outcome row (their
        // result could not be stored) runs them again too.
        await ReplayRaceAsync();
        if (Trials.Count(TrialState.Failed) > 0 || state.State.Cancelled is not null || (state.State.Finished is not null && !AllDone))
        {
            await store.RetryFailedAsync(SweepId);
            await LoadTrialsAsync();
            state.State.Finished = null;
            state.State.Cancelled = null;
            await state.WriteStateAsync();
            await results.SweepChangedAsync(Row());
        }

        Trials.Restart();
        if (HandsOut && AllDone)
        {
            // Every trial has a stored outcome that this sweep had not counted before it stopped.
            await FinishAsync();
        }
        else if (HandsOut)
        {
            await Catalog.SetActiveAsync(SweepId, active: true);
        }

        return Status();
    }

    public async Task<SweepStatus> CancelAsync()
    {
        var before = Status();
        if (before.State is SweepState.Completed or SweepState.Failed)
        {
            throw new InvalidOperationException(
                $"sweep {SweepId} has already {(before.State == SweepState.Failed ? "failed" : "completed")} ({before.Completed} completed, {before.Failed} failed); there is nothing to cancel");
        }

        if (state.State.Cancelled is null)
        {
            state.State.Cancelled = time.GetUtcNow();
            EmitSpan();
            await state.WriteStateAsync();
            await results.SweepChangedAsync(Row());
            await Catalog.SetActiveAsync(SweepId, active: false);

            // Each trial grain returns once its training has stopped, so the status below is final.
            await Task.WhenAll(leases.EndAll().Select(lease => GrainFactory.GetGrain<ITrialGrain>(lease.Key).CancelAsync(SweepId, lease.Id)));
            Signal();
        }

        return Status();
    }

    public Task<SweepStatus> GetStatusAsync() => Task.FromResult(Status());

    public async Task<SweepStatus> WaitForProgressAsync(int doneSeen, TimeSpan maxWait)
    {
        var status = Status();
        if (status.Done != doneSeen || status.Ended)
        {
            return status;
        }

        await Task.WhenAny(progressed.Task, Task.Delay(maxWait, time));
        return Status();
    }

    public Task ReportTrialAsync(TrialOutcome outcome) => RecordAsync(outcome);

    // An outcome a trial grain reported (after storing it), or one a lease check found stored. Counted in memory only.
    private async Task RecordAsync(TrialOutcome outcome)
    {
        if (state.State.Request is null || !leases.Record(outcome))
        {
            return;
        }

        if (outcome.State == TrialState.Failed)
        {
            failures[outcome.TrialKey] = outcome;
        }
        else
        {
            failures.Remove(outcome.TrialKey);
        }

        // Gate and race are read again after the replay: it decides the next round. A race edited out of the file (Gate null)
        // decides nothing, whatever an earlier replay left in memory.
        if (Gate is { } gate && race is { Finished: false } && gate.RoundEnded(Trials) && await TryReplayRaceAsync()
            && (race is { Finished: false } || !Gate!.ConfirmationDone(Trials)) && HandsOut)
        {
            // The next round's trials (or the confirmation's) wait on the board.
            await Catalog.SetActiveAsync(SweepId, active: true);
        }

        if (AllDone && state.State.Finished is null)
        {
            await FinishAsync();
        }

        Signal();
    }

    // Every trial has an outcome; in a race, the race has ended (the trials it did not need never run).
    private bool AllDone => Gate is { } gate ? gate.Ended(Trials, leases.Count) : Trials.Done == Trials.Total;

    private SweepTrials Trials => leases.Trials;

    // Every trial has an outcome: the sweep's state and row say when, and it leaves the work board.
    private async Task FinishAsync()
    {
        state.State.Finished = time.GetUtcNow();
        EmitSpan();
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e)
        {
            // The sweep has finished, and says so; its stored state still says running, so the sweep's next activation
            // finishes it again from its rows (see LeaseAsync). Its trials' rows are what matters, and a trial whose row
            // could not be written is failed already, naming the store.
            LogFinishNotStored(logger, e, SweepId);
        }

        await results.SweepChangedAsync(Row());
        await Catalog.SetActiveAsync(SweepId, active: false);
    }

    // The counts and the queue, from the rows of the trials that have ended.
    private async Task LoadTrialsAsync()
    {
        // A race's trials wait for its replay below: none is handed out beyond its round, even if the replay fails.
        var loaded = new SweepTrials(state.State.Configurations, state.State.Seeds) { Limit = state.State.Race() is null ? int.MaxValue : 0 };
        foreach (var trial in await store.EndedTrialsAsync(SweepId))
        {
            loaded.Record(trial.ConfigurationId, trial.Seed, trial.State, trial.Silo);
        }

        leases.Load(loaded);
        await ReplayRaceAsync();
    }

    /// <summary>Emits the sweep's span when the sweep first ends (completed or cancelled); the caller stores the state.</summary>
    private void EmitSpan()
    {
        if (state.State.TraceEmitted || state.State.TraceContext is null)
        {
            return;
        }

        try
        {
            SweepSpan.Emit(state.State.TraceContext, state.State.Request!, Status(), state.State.Created, state.State.Finished ?? state.State.Cancelled ?? time.GetUtcNow());
        }
        catch (InvalidOperationException e)
        {
            // A runtime whose Activity cannot take chosen ids (ActivityIds): the sweep still ends; its trace lacks its root.
            LogSpanNotEmitted(logger, e, SweepId);
        }

        state.State.TraceEmitted = true;
    }

    private SweepRow Row()
    {
        var status = Status();
        return new SweepRow(SweepId, status.Name, status.State, state.State.Metric, state.State.BaselineId, state.State.Created, state.State.Finished, state.State.Cancelled, status.TraceId, state.State.Race());
    }

    private static bool HandsOutOf(SweepGrainState data) => data.Request is not null && data.Finished is null && data.Cancelled is null;

    /// <summary>
    /// The request's plan, which must be this sweep's: the same configurations and seeds. The silo parses and expands the
    /// file itself, once per start, rather than trust what a client says the file holds; its trials get the expanded
    /// configurations.
    /// </summary>
    private async Task<SweepPlan> PlanOfAsync(SweepRequest request)
    {
        var definition = SweepFile.Parse(request.Text, request.File, new SweepOverrides(request.Seeds, request.Epochs));
        var plan = SweepPlan.Expand(definition, await dataFiles.ForSweepAsync(request.DataFiles));
        return plan.Id == SweepId
            ? plan
            : throw new ArgumentException($"{request.File} describes sweep {plan.Id}, not {SweepId}", nameof(request));
    }

    private void Signal()
    {
        var signal = progressed;
        progressed = NewSignal();
        signal.TrySetResult();
    }

    private SweepStatus Status()
    {
        EnsureExists();
        return state.State.Status(SweepId, Trials, leases.RunningBySilo);
    }

    private void EnsureExists()
    {
        if (state.State.Request is null)
        {
            throw new KeyNotFoundException($"no sweep with id '{SweepId}'");
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sweep {SweepId} ended, but its span could not be emitted; its trials' spans name a parent that never arrives")]
    private static partial void LogSpanNotEmitted(ILogger logger, Exception exception, string sweepId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sweep {SweepId} finished, but its state could not be stored; it is finished again from the results store when it next starts")]
    private static partial void LogFinishNotStored(ILogger logger, Exception exception, string sweepId);

}
