using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Sweep.Grains.Contracts;
using Sweep.Grains.Execution;
using Sweep.Grains.Telemetry;
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
    TimeProvider time,
    ILogger<TrialGrain> logger) : Grain, ITrialGrain
{
    private Task? running;
    private CancellationTokenSource? cancellation;

    public async Task StartAsync(TrialAssignment assignment)
    {
        var added = state.State.Subscribers.Add(assignment.SweepId);

        // A run in flight saves the subscriber with its result and reports to it; writing now would race that write.
        if (running is not null)
        {
            return;
        }

        // A completed trial is deterministic, so its stored result stands; a failed one runs again.
        if (state.State.Record is { Outcome.State: TrialState.Completed } record)
        {
            if (added)
            {
                await state.WriteStateAsync();
            }

            GrainFactory.GetGrain<ISweepGrain>(assignment.SweepId).ReportTrialAsync(record.Outcome).Ignore();
            return;
        }

        // RunAsync clears the field when it ends, which may be before it first yields.
        var run = RunAsync(assignment);
        running = run.IsCompleted ? null : run;
    }

    public async Task CancelAsync(string sweepId)
    {
        state.State.Subscribers.Remove(sweepId);
        if (running is { } run && state.State.Subscribers.Count == 0)
        {
            await cancellation!.CancelAsync();
            await run;
        }
    }

    public Task<TrialRecord?> GetRecordAsync() => Task.FromResult(state.State.Record);

    private async Task RunAsync(TrialAssignment assignment)
    {
        // Stay active however long training takes; the activation holds the only handle on the run.
        this.DelayDeactivation(TimeSpan.FromDays(7));
        state.State.Attempts++;
        var started = time.GetUtcNow();
        ActivityContext.TryParse(assignment.TraceParent, null, out var parent);
        using var activity = SweepTelemetry.Source.StartActivity("trial", ActivityKind.Internal, parent);
        activity?.SetTag("sweep.id", assignment.SweepId);
        activity?.SetTag("trial.configuration_id", assignment.ConfigurationId);
        activity?.SetTag("trial.seed", assignment.Seed);
        activity?.SetTag("trial.configuration", assignment.SpecJson);
        activity?.SetTag("trial.silo", RuntimeIdentity);
        activity?.SetTag("trial.attempt", state.State.Attempts);

        var trialKey = this.GetPrimaryKeyString();
        using var cancelled = cancellation = new CancellationTokenSource();
        TrialRecord record;
        TrialSlot? slot = null;
        try
        {
            var spec = TrialSpecJson.Parse(assignment.SpecJson);
            var run = await executor.RunAsync(trialKey, spec, assignment.Seed, onEpoch: null, cancelled.Token);
            slot = run.Slot;
            var result = run.Result;
            record = Completed(assignment, result, run.Started, run.Finished);
            activity?.SetTag("trial.state", nameof(TrialState.Completed));
            activity?.SetTag("trial.test_accuracy", result.TestAccuracy);
            activity?.SetTag("trial.train_accuracy", result.TrainAccuracy);
            activity?.SetTag("trial.test_loss", result.TestLoss);
            activity?.SetTag("trial.seconds", result.Seconds);
        }
        catch (OperationCanceledException) when (executor.Stopping || cancelled.IsCancellationRequested)
        {
            // Nothing is recorded. The silo is stopping, or no sweep wants the trial any more; any sweep
            // that still does gets it back as pending, and another silo trains it from the start.
            activity?.SetStatus(ActivityStatusCode.Error, executor.Stopping ? "silo stopping" : "cancelled");
            activity?.SetTag("trial.state", nameof(TrialState.Cancelled));
            running = null;
            cancellation = null;
            foreach (var sweepId in state.State.Subscribers)
            {
                GrainFactory.GetGrain<ISweepGrain>(sweepId).ReturnTrialAsync(trialKey).Ignore();
            }

            this.DeactivateOnIdle();
            return;
        }
        catch (Exception e)
        {
            LogTrialFailed(logger, e, trialKey);
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            activity?.SetTag("trial.state", nameof(TrialState.Failed));
            var outcome = new TrialOutcome(assignment.ConfigurationId, assignment.Seed, TrialState.Failed, null, e.Message, RuntimeIdentity, started, time.GetUtcNow());
            record = new TrialRecord(outcome, [], [], [], [], [], []);
        }

        state.State.Record = record;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e)
        {
            // The sweeps still get the result; if it is lost with this activation, a resumed sweep trains it again.
            LogResultNotStored(logger, e, trialKey);
        }
        finally
        {
            running = null;
            cancellation = null;
            foreach (var sweepId in state.State.Subscribers)
            {
                GrainFactory.GetGrain<ISweepGrain>(sweepId).ReportTrialAsync(record.Outcome).Ignore();
            }

            // The silo takes its next trial only now, so it never counts two in one slot.
            slot?.Dispose();

            // Done here: a later run (a retry, another sweep) activates the grain on the silo that takes it.
            this.DeactivateOnIdle();
        }
    }

    private TrialRecord Completed(TrialAssignment assignment, TrialResult result, DateTimeOffset started, DateTimeOffset finished)
    {
        var metrics = new TrialMetrics(
            result.TrainAccuracy,
            result.TestAccuracy,
            result.TrainLoss,
            result.TestLoss,
            result.ActivationMean,
            result.ZeroFraction,
            result.Seconds);
        var outcome = new TrialOutcome(assignment.ConfigurationId, assignment.Seed, TrialState.Completed, metrics, null, RuntimeIdentity, started, finished);
        var history = result.History;
        var penalties = result.Penalties.Select(p => new PenaltyShare(p.Name, p.Value)).ToArray();
        return new TrialRecord(outcome, history.Loss, history.Accuracy, history.ValLoss, history.ValAccuracy, history.LearningRate, penalties);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The result of trial {TrialKey} could not be stored")]
    private static partial void LogResultNotStored(ILogger logger, Exception exception, string trialKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trial {TrialKey} failed")]
    private static partial void LogTrialFailed(ILogger logger, Exception exception, string trialKey);
}
