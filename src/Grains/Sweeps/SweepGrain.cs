using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Sweep.Grains.Contracts;
using Sweep.Grains.Results.Racing;
using Sweep.Grains.Data;
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
            state.State.Metric = definition.Metric;
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
            leases.Load(new SweepTrials(state.State.Configurations, state.State.Seeds) { Limit = Race is null ? int.MaxValue : 0 });
        }
        else if (state.State.Request.Text != request.Text)
        {
            // An edited file that trains the same configurations and seeds (new comments, baseline, metric, retries):
            // from now on its settings apply; what has been trained stays.
            var plan = await PlanOfAsync(request);
            state.State.Request = request;
            state.State.Metric = plan.Definition.Metric;
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

    public async Task<TrialAssignment?> LeaseAsync(SiloAddress silo)
    {
        // A round whose decision could not be read from the store when it ended (the store was away) is decided now.
        if (Race is not null && (race is null || (!race.Finished && Gate!.RoundEnded(Trials))))
        {
            await TryReplayRaceAsync();
        }

        // Every trial has an outcome row, but this activation heard no last report (it was lost with an earlier one).
        if (HandsOut && AllDone && leases.Count == 0)
        {
            await FinishAsync();
            return null;
        }

        var gate = Gate;
        if (!HandsOut || leases.HandOut(silo, (id, seed) => gate?.Allows(id, seed) ?? true) is not { } lease)
        {
            return null;
        }

        leaseCheck ??= this.RegisterGrainTimer(CheckLeasesAsync, new GrainTimerCreationOptions(LeaseCheckPeriod, LeaseCheckPeriod) { KeepAlive = true });

        // Watchers see which silo took it.
        Signal();
        return new TrialAssignment(
            SweepId, lease.Configuration.Id, lease.Configuration.SpecJson, lease.Seed, state.State.TraceContext, state.State.Retries, state.State.TrialTimeLimit, lease.Id, state.State.Run);
    }

    public async Task ReturnTrialAsync(string trialKey)
    {
        if (!leases.Return(trialKey, HandsOut))
        {
            return;
        }

        Signal();
        await Catalog.SetActiveAsync(SweepId, active: true);
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

    public async Task<SweepReport> GetReportAsync(string? metric)
    {
        // The trials from the store, the progress as this grain knows it (which trials are training now, and where).
        var status = Status();
        var report = await store.ReportAsync(SweepId, metric, attempts: true);
        var stored = failures.Count == 0 ? [] : report.Trials.Select(t => t.TrialKey).ToHashSet(StringComparer.Ordinal);
        var unstored = failures.Values.Where(f => !stored.Contains(f.TrialKey)).ToArray();
        if (unstored.Length > 0)
        {
            var position = state.State.Configurations.Select((c, i) => (c.Id, i)).ToDictionary(p => p.Id, p => p.i);
            var trialsNow = report.Trials.Concat(unstored).OrderBy(t => position.GetValueOrDefault(t.ConfigurationId)).ThenBy(t => t.Seed).ToArray();
            return report with { Status = status, Trials = trialsNow };
        }

        return report with { Status = status };
    }

    public async Task<SweepReport> GetRankingAsync(string? metric)
    {
        var report = await store.RankingAsync(SweepId, metric);
        var stored = report.Trials.Select(t => t.TrialKey).ToHashSet(StringComparer.Ordinal);
        return report with { Status = Status(), Trials = [.. report.Trials, .. failures.Values.Where(f => !stored.Contains(f.TrialKey))] };
    }

    public async Task<RaceStanding?> GetRaceAsync()
    {
        if (Race is not { } definition)
        {
            return null;
        }

        // From memory, as this grain decides (it counts a trial that ended without a stored row as failed); from the store
        // where this activation has not replayed the race yet.
        if (race is null)
        {
            return await store.RaceAsync(SweepId);
        }

        var racing = state.State.Seeds.Take(definition.MaxSeeds).ToArray();
        var run = state.State.Configurations.Sum(c => racing.Count(seed => Trials.HasEnded(c.Id, seed)));
        return RaceStanding.Of(
            definition, race, state.State.Configurations.Count * definition.MaxSeeds, run,
            [.. state.State.Configurations.Select(c => (c.Id, c.Label))], race.Finished && Gate!.ConfirmationDone(Trials));
    }

    public async Task<TrialRecord[]> GetRecordsAsync(string? metric) => await store.RecordsAsync(await GetReportAsync(metric));

    public Task<int[]> GetSeedsAsync()
    {
        EnsureExists();
        return Task.FromResult(state.State.Seeds.ToArray());
    }

    public Task<SweepRequest?> GetRequestAsync() => Task.FromResult(state.State.Request);

    public Task<ConfigurationInfo[]> GetConfigurationsAsync()
    {
        EnsureExists();
        return Task.FromResult(state.State.Configurations.ToArray());
    }

    public async Task<bool> ImportLegacyAsync()
    {
        if (state.State.Request is not { } request)
        {
            return false;
        }

        await store.SweepStartedAsync(Row(), state.State.Configurations, state.State.Seeds, request);
        await ImportOutcomesAsync();
        return true;
    }

    // The outcomes an earlier Sweep kept in this grain's state become rows, once; the sweep's rows are written.
    private async Task ImportOutcomesAsync()
    {
        foreach (var outcome in state.State.Outcomes.Values)
        {
            var record = await GrainFactory.GetGrain<ITrialGrain>(outcome.TrialKey).GetLegacyRecordAsync() ?? new TrialRecord(outcome, [], [], [], [], [], []);
            await store.TrialEndedAsync(record);
        }

        await LoadTrialsAsync();
        if (state.State.Outcomes.Count > 0)
        {
            state.State.Outcomes.Clear();
            await state.WriteStateAsync();
        }

        await store.SweepChangedAsync(Row());
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

        if (race is { Finished: false } && Gate!.RoundEnded(Trials) && await TryReplayRaceAsync() && (race is { Finished: false } || !Gate!.ConfirmationDone(Trials)) && HandsOut)
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

    // The race's rules over the trials as the race stands now; null for a plain grid.
    private RaceGate? Gate => Race is { } definition ? new RaceGate(definition, race, state.State.Seeds, state.State.BaselineId) : null;

    // The sweep file's race, or null. Computed, not stored: grain storage may serialize every property of the state.
    private Training.Sweeps.RaceDefinition? Race =>
        state.State.RaceMinSeeds is { } min
            ? new Training.Sweeps.RaceDefinition(
                min, state.State.Seeds.Count - state.State.RaceConfirm, state.State.RaceRoundSeeds, state.State.RaceAlpha, state.State.RaceMargin, state.State.RaceConfirm)
            : null;

    // The race's next decision, or false with a warning where the store cannot be read now: the next lease asks again.
    private async Task<bool> TryReplayRaceAsync()
    {
        try
        {
            await ReplayRaceAsync();
            return true;
        }
        catch (Exception e) when (store.IsTransient(e))
        {
            LogRaceNotDecided(logger, e, SweepId, store.Location);
            return false;
        }
    }

    /// <summary>
    /// Replays the sweep's race from its stored results (<see cref="RaceReplay"/>) and lets the next round's trials be
    /// handed out: the same decisions on every activation, on any silo.
    /// </summary>
    private async Task ReplayRaceAsync()
    {
        if (Race is not { } definition)
        {
            (race, Trials.Limit) = (null, int.MaxValue);
            return;
        }

        var values = (await store.MetricValuesAsync(SweepId, state.State.Metric)).ToDictionary(v => (v.ConfigurationId, v.Seed));
        var higherIsBetter = Training.Sweeps.Metric.Find(state.State.Metric)?.HigherIsBetter ?? true;
        race = RaceReplay.Run(
            definition,
            state.State.Configurations.Select(c => c.Id).ToArray(),
            state.State.Seeds,
            higherIsBetter,
            // A trial this sweep counted as ended without a row (its result could not be stored) ended without a value.
            (id, seed) => values.TryGetValue((id, seed), out var v) ? (v.State, v.Value) : Trials.HasEnded(id, seed) ? (TrialState.Failed, double.NaN) : null);
        Trials.Limit = Gate!.Limit(state.State.Configurations.Count);

        // From the first trial again: the cursor passed the trials of configurations that were out of the race, and a
        // stored row that changed (a shared trial retried by another sweep) may bring one back.
        Trials.Restart();
        Signal();
    }

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
        var loaded = new SweepTrials(state.State.Configurations, state.State.Seeds) { Limit = Race is null ? int.MaxValue : 0 };
        foreach (var trial in await store.EndedTrialsAsync(SweepId))
        {
            loaded.Record(trial.ConfigurationId, trial.Seed, trial.State, trial.Silo);
        }

        leases.Load(loaded);
        await ReplayRaceAsync();
    }

    /// <summary>
    /// Trials handed to a silo that the cluster has since declared dead will never report: they are
    /// pending again, first in line. Runs while trials are handed out.
    /// </summary>
    private async Task CheckLeasesAsync(CancellationToken cancellationToken)
    {
        if (leases.Count == 0)
        {
            leaseCheck?.Dispose();
            leaseCheck = null;
            return;
        }

        var snapshot = membership.CurrentSnapshot;
        var lost = leases.RequeueLost(silo => snapshot.GetSiloStatus(silo) == SiloStatus.Dead);
        foreach (var lease in lost)
        {
            LogTrialRequeued(logger, lease.Key, lease.Silo);
        }

        var requeued = lost.Length + await ProbeLongLeasesAsync();
        if (requeued > 0 && HandsOut)
        {
            Signal();
            await Catalog.SetActiveAsync(SweepId, active: true);
        }
    }

    /// <summary>
    /// Asks the trial grain of each lease held longer than <see cref="TrialLeases.ProbePeriod"/> (and not asked within it)
    /// whether it is training (<see cref="TrialLeases.Probed"/>). A trial that does not answer is asked again later.
    /// </summary>
    /// <returns>How many trials are pending again.</returns>
    private async Task<int> ProbeLongLeasesAsync()
    {
        var due = leases.DueForProbe();
        if (due.Length == 0)
        {
            return 0;
        }

        var probes = await Task.WhenAll(due.Select(lease => ProbeAsync(lease.Key)));
        var requeued = 0;
        foreach (var (lease, probe) in due.Zip(probes))
        {
            switch (leases.Probed(lease, probe, HandsOut))
            {
                case ProbeVerdict.FoundResult:
                    LogLeaseFoundResult(logger, lease.Key, lease.Silo);
                    await RecordAsync(probe!.Outcome!);
                    break;
                case ProbeVerdict.Requeued:
                    requeued++;
                    LogLeaseNotRunning(logger, lease.Key, lease.Silo);
                    break;
            }
        }

        return requeued;
    }

    private async Task<TrialProbe?> ProbeAsync(string trialKey)
    {
        try
        {
            return await GrainFactory.GetGrain<ITrialGrain>(trialKey).ProbeAsync().WaitAsync(ProbeTimeout, time);
        }
        catch (Exception e)
        {
            LogProbeFailed(logger, e, trialKey);
            return null;
        }
    }

    /// <summary>Emits the sweep's span when the sweep first ends (completed or cancelled); the caller stores the state.</summary>
    private void EmitSpan()
    {
        if (state.State.TraceEmitted || state.State.TraceContext is null)
        {
            return;
        }

        var status = Status();
        var ended = state.State.Finished ?? state.State.Cancelled ?? time.GetUtcNow();
        KeyValuePair<string, object?>[] tags =
        [
            new("sweep.id", SweepId),
            new("sweep.name", status.Name),
            new("sweep.file", state.State.Request!.File),
            new("sweep.configurations", status.Configurations),
            new("sweep.trials", status.Total),
            new("sweep.completed", status.Completed),
            new("sweep.failed", status.Failed),
            new("sweep.diverged", status.Diverged),
            new("sweep.state", status.State.ToString().ToLowerInvariant()),
        ];
        var error = status.State switch
        {
            SweepState.Cancelled => "cancelled",
            SweepState.Failed => $"every trial failed ({status.Failed})",
            _ => null,
        };
        SweepSpan.Emit(state.State.TraceContext, state.State.Request.TraceParent, state.State.Created, ended, tags, error);
        state.State.TraceEmitted = true;
    }

    private SweepRow Row()
    {
        var status = Status();
        return new SweepRow(SweepId, status.Name, status.State, state.State.Metric, state.State.BaselineId, state.State.Created, state.State.Finished, state.State.Cancelled, status.TraceId, Race);
    }

    private static bool HandsOutOf(SweepGrainState data) => data.Request is not null && data.Finished is null && data.Cancelled is null;

    // The request's plan, which must be this sweep's: the same configurations and seeds.
    private async Task<SweepPlan> PlanOfAsync(SweepRequest request)
    {
        var files = await dataFiles.ForSweepAsync(request.DataFiles);
        var plan = SweepFile.Parse(request.Text, request.File, new SweepOverrides(request.Seeds, request.Epochs), files);
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
        var completed = Trials.Count(TrialState.Completed);
        var failed = Trials.Count(TrialState.Failed);
        var diverged = Trials.Count(TrialState.Diverged);
        var stateNow = state.State.Finished is not null ? (failed == Trials.Done && failed > 0 ? SweepState.Failed : SweepState.Completed)
            : state.State.Cancelled is not null ? SweepState.Cancelled
            : SweepState.Running;
        var traceId = ActivityContext.TryParse(state.State.TraceContext, null, out var context) ? context.TraceId.ToString() : null;
        var running = leases.RunningBySilo;
        var finishedBy = Trials.FinishedBySilo;
        var silos = running.Keys.Union(finishedBy.Keys)
            .Order(StringComparer.Ordinal)
            .Select(silo => new SiloProgress(silo, running.GetValueOrDefault(silo), finishedBy.GetValueOrDefault(silo)))
            .ToArray();
        return new SweepStatus(
            SweepId,
            state.State.Name,
            stateNow,
            state.State.Configurations.Count,
            Trials.Total,
            completed,
            failed,
            state.State.Created,
            state.State.Finished,
            state.State.Metric,
            traceId,
            silos,
            diverged);
    }

    private void EnsureExists()
    {
        if (state.State.Request is null)
        {
            throw new KeyNotFoundException($"no sweep with id '{SweepId}'");
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The race of sweep {SweepId} could not read its results from the results store {Location}; its next round is decided when the store answers")]
    private static partial void LogRaceNotDecided(ILogger logger, Exception exception, string sweepId, string location);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trial {TrialKey} was running on silo {Silo}, which the cluster declared dead; it is pending again")]
    private static partial void LogTrialRequeued(ILogger logger, string trialKey, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trial {TrialKey}, handed to silo {Silo}, is not training anywhere; it is pending again")]
    private static partial void LogLeaseNotRunning(ILogger logger, string trialKey, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trial {TrialKey}, handed to silo {Silo}, has a stored result this sweep had not heard of; it is recorded")]
    private static partial void LogLeaseFoundResult(ILogger logger, string trialKey, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sweep {SweepId} finished, but its state could not be stored; it is finished again from the results store when it next starts")]
    private static partial void LogFinishNotStored(ILogger logger, Exception exception, string sweepId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ask trial {TrialKey} whether it is training; asking again later")]
    private static partial void LogProbeFailed(ILogger logger, Exception exception, string trialKey);
}
