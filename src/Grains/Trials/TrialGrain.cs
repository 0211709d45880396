using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sweep.Grains.Contracts;
using Sweep.Grains.Data;
using Sweep.Grains.Execution;
using Sweep.Grains.ResultsStore;
using Sweep.Grains.Telemetry;
using Sweep.Training.Datasets;
using Sweep.Training.Engine;
using Sweep.Training.Specs;

namespace Sweep.Grains.Trials;

/// <summary>
/// Owns one (configuration, seed) trial. Training runs on the <see cref="TrialExecutor"/>'s
/// threads; the grain only records and reports, so its scheduler is never blocked. The silo whose
/// <see cref="TrialPuller"/> took the trial activates the grain, so it trains in the slot that silo reserved.
/// </summary>
[Orleans.Placement.PreferLocalPlacement]
internal sealed partial class TrialGrain(
    [PersistentState("trial", StorageNames.Sweeps)] IPersistentState<TrialGrainState> state,
    TrialExecutor executor,
    DataFileCache dataFiles,
    IResultsStore store,
    ResultsRecorder results,
    IOptions<TrialExecutionOptions> options,
    TimeProvider time,
    ILogger<TrialGrain> logger) : Grain, ITrialGrain
{
    private Task? running;

    // The running row of the attempt in flight, written while it trains; the row of its end waits for it.
    private Task startRecorded = Task.CompletedTask;

    // The last write of the state; the next one waits for it.
    private Task stateWritten = Task.CompletedTask;
    private CancellationTokenSource? cancellation;
    private string? deactivated;

    // Hand-outs cancelled by their sweeps; kept for the life of the activation, which outlasts a start still on its way.
    private readonly HashSet<Guid> cancelledLeases = [];

    public async Task StartAsync(TrialAssignment assignment)
    {
        if (assignment.Lease != Guid.Empty && cancelledLeases.Contains(assignment.Lease))
        {
            return;
        }

        var added = state.State.Subscribers.Add(assignment.SweepId);

        // A run in flight saves the subscriber with its result and reports to it; writing now would race that write.
        if (running is not null)
        {
            return;
        }

        // A completed or diverged trial is deterministic, so its stored result stands; a failed one runs again, with its retries afresh.
        if (await StoredOutcomeAsync() is { } stored)
        {
            if (added)
            {
                await TryWriteStateAsync(this.GetPrimaryKeyString());
            }

            GrainFactory.GetGrain<ISweepGrain>(assignment.SweepId).ReportTrialAsync(stored).Ignore();
            return;
        }

        if (state.State.Ended is not null || state.State.Record is not null)
        {
            state.State.Ended = null;
            state.State.Record = null;
            state.State.FailuresInARow = 0;
        }

        // The slot this silo's puller holds for the trial. None: this activation is not on the silo that leased the trial
        // (a query left it on another one, say), and training here would wait for a slot that this silo's own puller may
        // hold while it waits for work. The trial goes back to its sweeps; the next lease activates it where its slot is.
        var trialKey = this.GetPrimaryKeyString();
        if (executor.HandOff.Take(trialKey) is not { } slot)
        {
            LogNoSlotHere(logger, trialKey);
            ReturnToSweeps(trialKey);
            this.DeactivateOnIdle();
            return;
        }

        // RunAsync clears the field when it ends, which may be before it first yields.
        var run = RunAsync(assignment, slot);
        running = run.IsCompleted ? null : run;
    }

    public async Task CancelAsync(string sweepId, Guid lease)
    {
        cancelledLeases.Add(lease);
        state.State.Subscribers.Remove(sweepId);
        if (running is { } run && state.State.Subscribers.Count == 0)
        {
            await cancellation!.CancelAsync();
            await run;
        }
    }

    public Task<TrialRecord?> GetLegacyRecordAsync() => Task.FromResult(state.State.Record);

    public async Task<TrialProbe> ProbeAsync()
    {
        // An activation that remembers cancelled hand-outs stays until Orleans collects it idle, so a start still on its way is ignored.
        if (running is null && cancelledLeases.Count == 0)
        {
            this.DeactivateOnIdle();
        }

        return new TrialProbe(running is not null, running is null ? await StoredOutcomeAsync() : null);
    }

    /// <summary>
    /// Orleans may deactivate a grain that is still training (a directory conflict while silos join or die). The run must
    /// not go on without its grain: it stops within an epoch and goes back to its sweeps, like a run on a stopping silo.
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (running is { } run)
        {
            LogDeactivatedWhileTraining(logger, this.GetPrimaryKeyString(), reason.Description);
            deactivated = reason.Description;
            await cancellation!.CancelAsync();
            await run.WaitAsync(cancellationToken);
        }
    }

    /// <param name="assignment">The trial.</param>
    /// <param name="held">The slot to train in; the run frees it when it ends.</param>
    private async Task RunAsync(TrialAssignment assignment, TrialSlot held)
    {
        using var cancelled = cancellation = new CancellationTokenSource();
        using var timeLimit = assignment.TimeLimit is { } seconds ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds), time) : new CancellationTokenSource();

        // Stay active however long training takes; the activation holds the only handle on the run.
        this.DelayDeactivation(TimeSpan.FromDays(7));
        var attempt = BeginAttempt(assignment);
        using var span = TrialSpan.Start(assignment, attempt.Number, RuntimeIdentity, options.Value.EpochEventInterval);

        var (record, slot) = await TrainAsync(assignment, held, attempt.Started, span, cancelled, timeLimit);
        if (record is null)
        {
            // No result: every sweep that still wants the trial gets it back as pending.
            await TryWriteStateAsync(this.GetPrimaryKeyString());
            await startRecorded;
            await results.TrialReturnedAsync(assignment, state.State.AttemptLog[^1]);
            HandBack(span, slot);
            return;
        }

        // Training is over: the slot goes to this silo's next trial while this one's result is stored and reported.
        using var storing = slot is null ? null : await executor.HandOverAsync(slot);
        await StoreAndReportAsync(record, span);
    }

    /// <summary>
    /// Trains the trial in <paramref name="held"/>: its record (completed, diverged, or failed for good), or none where the
    /// run ends without a result (cancelled, its silo stopping, a failure to try again); with the slot if it is still this
    /// grain's (training gives it back with its result; a run that fails before training took it still has it).
    /// </summary>
    private async Task<(TrialRecord? Record, TrialSlot? Slot)> TrainAsync(
        TrialAssignment assignment, TrialSlot held, DateTimeOffset started, TrialSpan span, CancellationTokenSource cancelled, CancellationTokenSource timeLimit)
    {
        TrialSlot? slot = held;
        try
        {
            using var stops = CancellationTokenSource.CreateLinkedTokenSource(cancelled.Token, timeLimit.Token);
            var trial = TrialSpecDocument.Parse(assignment.SpecJson);
            span.Describe(trial);
            var files = await dataFiles.ForTrialAsync(trial);
            var spec = files.ForTraining(trial.Read(files));
            slot = null;
            var run = await executor.RunAsync(held, spec, assignment.Seed, span.OnEpoch, stops.Token);
            slot = run.Slot;
            EndAttempt(null);
            state.State.FailuresInARow = 0;
            return (Completed(assignment, run.Result, run.Started, run.Finished), slot);
        }
        catch (OperationCanceledException) when (executor.Stopping || cancelled.IsCancellationRequested)
        {
            // The silo is stopping, or no sweep wants the trial any more; any sweep that still does gets it back as
            // pending, and another silo trains it from the start.
            var why = executor.Stopping ? "handed back: its silo was stopping"
                : deactivated is not null ? $"handed back: its grain was deactivated ({deactivated})"
                : "cancelled";
            span.Interrupted(cancelled.IsCancellationRequested && deactivated is null && !executor.Stopping ? "cancelled" : "handed_back", why);
            EndAttempt(why);
            return (null, slot);
        }
        catch (OperationCanceledException) when (timeLimit.IsCancellationRequested)
        {
            // Not retried: it would take as long again.
            return (Failed(assignment, $"stopped at the time limit of {assignment.TimeLimit} s (trial_time_limit)", started), slot);
        }
        catch (Exception e)
        {
            LogTrialFailed(logger, e, this.GetPrimaryKeyString());
            state.State.FailuresInARow++;

            // Bad data is the same on every attempt (its content is pinned by its SHA-256): not tried again.
            if (state.State.FailuresInARow <= assignment.Retries && e is not DataContentException)
            {
                // Tried again, on whichever silo takes it next; the error stays in the attempt log.
                span.Interrupted("retrying", e.Message);
                EndAttempt(e.Message);
                return (null, slot);
            }

            var error = e is DataContentException ? $"{e.Message} (not retried: the data is the same on every attempt)"
                : $"{e.Message} (attempt {state.State.FailuresInARow} of {assignment.Retries + 1})";
            return (Failed(assignment, error, started, attemptError: e.Message), slot);
        }
    }

    /// <summary>
    /// Stores the run's record and tells the sweeps. The results store holds the outcome before any sweep hears of it: a
    /// sweep that activates reads its rows. A record that cannot be stored is reported failed, naming the store and the
    /// cause, and a run of the sweep again trains it again: nothing is lost silently.
    /// </summary>
    private async Task StoreAndReportAsync(TrialRecord record, TrialSpan span)
    {
        var trialKey = this.GetPrimaryKeyString();
        try
        {
            try
            {
                await startRecorded;
                await results.TrialEndedAsync(record);
                state.State.Ended = record.Outcome.State;
            }
            catch (Exception e)
            {
                LogResultNotStored(logger, e, trialKey, store.Location);
                var error = $"{TrialOutcome.NotStoredError}{store.Location}: {e.Message}";
                record = new TrialRecord(record.Outcome with { State = TrialState.Failed, Metrics = null, Error = error }, [], [], [], [], [], []);
            }

            span.Ended(record.Outcome);
            await TryWriteStateAsync(trialKey);
        }
        finally
        {
            running = null;
            cancellation = null;

            // The span ends before the sweeps hear of the outcome, so that whoever waits on the sweep sees it ended.
            span.Dispose();
            foreach (var sweepId in state.State.Subscribers)
            {
                GrainFactory.GetGrain<ISweepGrain>(sweepId).ReportTrialAsync(record.Outcome).Ignore();
            }

            // Done here: a later run (a retry, another sweep) activates the grain on the silo that takes it.
            this.DeactivateOnIdle();
        }
    }

    /// <summary>
    /// Ends this run without a result: every sweep that still wants the trial gets it back as pending. The slot is still
    /// the grain's if the run ended before training took it (its data could not be read, say); it is freed last.
    /// </summary>
    private void HandBack(TrialSpan span, TrialSlot? slot)
    {
        running = null;
        cancellation = null;

        // The span ends before the sweeps hear of it, so that whoever waits on the sweep sees it ended.
        span.Dispose();
        ReturnToSweeps(this.GetPrimaryKeyString());
        slot?.Dispose();
        this.DeactivateOnIdle();
    }

    private void ReturnToSweeps(string trialKey)
    {
        foreach (var sweepId in state.State.Subscribers)
        {
            GrainFactory.GetGrain<ISweepGrain>(sweepId).ReturnTrialAsync(trialKey).Ignore();
        }
    }

    /// <summary>
    /// The stored outcome of a trial that completed or diverged (it stands); null for one that has not. The store is the
    /// one home of results, so it is asked every time. A result that an earlier Sweep kept only in this grain's state is
    /// written to the store first.
    /// </summary>
    /// <exception cref="InvalidOperationException">The store failed; the message names it and the cause.</exception>
    private async Task<TrialOutcome?> StoredOutcomeAsync()
    {
        try
        {
            var (configurationId, seed) = TrialKeys.Parse(this.GetPrimaryKeyString());
            if (await store.OutcomeAsync(configurationId, seed) is { } stored)
            {
                return stored;
            }

            if (state.State.Record is { Outcome.State: TrialState.Completed or TrialState.Diverged } legacy)
            {
                await store.TrialEndedAsync(legacy);
                return await store.OutcomeAsync(configurationId, seed);
            }

            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The store's own exceptions (Npgsql's) cannot be sent to the silo that called, nor as an inner exception: it would
            // get only a missing codec. The caller logs this message once per cause.
            throw new InvalidOperationException($"the results store {store.Location} failed ({e.GetType().Name}): {e.Message}");
        }
    }

    /// <summary>
    /// Counts a new attempt and stores it while training starts: neither write holds the slot (the state's took 0.2 ms
    /// of it), and every later write of the state waits for this one. An earlier attempt that never ended was lost with
    /// its silo; it says so.
    /// </summary>
    private TrialAttempt BeginAttempt(TrialAssignment assignment)
    {
        var log = state.State.AttemptLog;
        if (log.Count > 0 && log[^1].Ended is null && log[^1].Error is null)
        {
            log[^1] = log[^1] with { Error = "interrupted: its silo was lost" };
        }

        state.State.Attempts++;
        var attempt = new TrialAttempt(state.State.Attempts, RuntimeIdentity, time.GetUtcNow(), null, null, assignment.Run);
        log.Add(attempt);
        _ = TryWriteStateAsync(this.GetPrimaryKeyString());
        startRecorded = results.TrialStartedAsync(assignment, attempt);
        return attempt;
    }

    private void EndAttempt(string? error)
    {
        var log = state.State.AttemptLog;
        log[^1] = log[^1] with { Ended = time.GetUtcNow(), Error = error };
    }

    /// <summary>
    /// Stores the state once the write before it (one not waited for) has ended, so writes never overlap. If that fails
    /// the sweeps still get the outcome, and a later run of a lost result trains it again.
    /// </summary>
    private Task TryWriteStateAsync(string trialKey) => stateWritten = WriteStateAfterAsync(stateWritten, trialKey);

    private async Task WriteStateAfterAsync(Task previous, string trialKey)
    {
        await previous;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e)
        {
            LogStateNotStored(logger, e, trialKey);
        }
    }

    // The record of a trial that trained to its end: completed, or diverged.
    private TrialRecord Completed(TrialAssignment assignment, TrialResult result, DateTimeOffset started, DateTimeOffset finished)
    {
        var diverged = result.DivergedAt is { } epoch ? $"the training loss became {(float.IsNaN(result.History.Loss[^1]) ? "NaN" : "infinite")} at epoch {epoch}" : null;
        var outcome = Outcome(assignment, diverged is null ? TrialState.Completed : TrialState.Diverged, TrialMetrics.Of(result), diverged, started, finished);
        var history = result.History;
        var penalties = result.Penalties.Select(p => new PenaltyShare(p.Name, p.Value)).ToArray();
        return new TrialRecord(outcome, history.Loss, history.Accuracy, history.ValLoss, history.ValAccuracy, history.LearningRate, penalties);
    }

    // The record of a trial that failed for good; its attempt ends with attemptError (the outcome's error by default).
    private TrialRecord Failed(TrialAssignment assignment, string error, DateTimeOffset started, string? attemptError = null)
    {
        EndAttempt(attemptError ?? error);
        return new TrialRecord(Outcome(assignment, TrialState.Failed, null, error, started, time.GetUtcNow()), [], [], [], [], [], []);
    }

    private TrialOutcome Outcome(TrialAssignment assignment, TrialState ended, TrialMetrics? metrics, string? error, DateTimeOffset started, DateTimeOffset finished) =>
        new(assignment.ConfigurationId, assignment.Seed, ended, metrics, error, RuntimeIdentity, started, finished, [.. state.State.AttemptLog]);

    [LoggerMessage(Level = LogLevel.Error, Message = "The result of trial {TrialKey} could not be stored in the results store {Location}")]
    private static partial void LogResultNotStored(ILogger logger, Exception exception, string trialKey, string location);

    [LoggerMessage(Level = LogLevel.Error, Message = "The state of trial {TrialKey} could not be stored")]
    private static partial void LogStateNotStored(ILogger logger, Exception exception, string trialKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trial {TrialKey} is deactivated while it trains ({Reason}); it goes back to its sweeps")]
    private static partial void LogDeactivatedWhileTraining(ILogger logger, string trialKey, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trial {TrialKey} has no slot held for it on this silo; it goes back to its sweeps")]
    private static partial void LogNoSlotHere(ILogger logger, string trialKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trial {TrialKey} failed")]
    private static partial void LogTrialFailed(ILogger logger, Exception exception, string trialKey);
}
