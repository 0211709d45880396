using System.Diagnostics;
using System.Globalization;
using Sweep.Grains.Contracts;
using Sweep.Training.Engine;
using Sweep.Training.Specs;

namespace Sweep.Grains.Telemetry;

/// <summary>
/// One attempt of a trial, as a <c>trial</c> span under its sweep's span and as metrics: the
/// configuration id, seed, silo and attempt when it starts, and every setting once its configuration is parsed
/// (<see cref="Describe"/>); an <c>epoch</c> event every <c>EpochEventInterval</c> epochs; its state, metrics or error when it ends.
/// </summary>
internal sealed class TrialSpan : IDisposable
{
    /// <summary>The span's name.</summary>
    public const string Name = "trial";

    private readonly Activity? activity;
    private readonly int eventInterval;
    private readonly KeyValuePair<string, object?> sweepTag;
    private long lastEpoch;

    private TrialSpan(Activity? activity, int eventInterval, string sweepId)
    {
        this.activity = activity;
        this.eventInterval = eventInterval;
        sweepTag = new("sweep.id", sweepId);
        SweepTelemetry.TrialsStarted.Add(1, sweepTag);
    }

    /// <summary>Starts the span of <paramref name="attempt"/> of the assigned trial on <paramref name="silo"/>.</summary>
    public static TrialSpan Start(TrialAssignment assignment, int attempt, string silo, int eventInterval)
    {
        ActivityContext.TryParse(assignment.TraceParent, null, out var parent);
        var activity = SweepTelemetry.Source.StartActivity(Name, ActivityKind.Internal, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("sweep.id", assignment.SweepId);
            activity.SetTag("trial.key", TrialKeys.For(assignment.ConfigurationId, assignment.Seed));
            activity.SetTag("trial.configuration_id", assignment.ConfigurationId);
            activity.SetTag("trial.seed", assignment.Seed);
            activity.SetTag("trial.silo", silo);
            activity.SetTag("trial.attempt", attempt);
        }

        return new TrialSpan(activity, eventInterval, assignment.SweepId);
    }

    /// <summary>Adds the trial's configuration, once its JSON is parsed: every setting, under <see cref="ConfigurationTags.Prefix"/>.</summary>
    public void Describe(TrialSpecDocument trial)
    {
        if (activity is { IsAllDataRequested: true })
        {
            foreach (var (key, value) in ConfigurationTags.From(trial))
            {
                activity.SetTag(key, value);
            }
        }
    }

    /// <summary>Called by the trainer after every epoch, on its thread: times the epoch and adds the span's epoch events.</summary>
    public void OnEpoch(EpochProgress progress)
    {
        // The first epoch's time would include building the dataset and the model: it is not recorded.
        var now = Stopwatch.GetTimestamp();
        if (progress.Epoch > 1)
        {
            SweepTelemetry.EpochDuration.Record(Stopwatch.GetElapsedTime(lastEpoch, now).TotalSeconds, sweepTag);
        }

        lastEpoch = now;
        if (activity is { IsAllDataRequested: true } && eventInterval > 0 && (progress.Epoch % eventInterval == 0 || progress.Epoch == progress.Epochs))
        {
            activity.AddEvent(new ActivityEvent("epoch", tags: new ActivityTagsCollection
            {
                ["epoch"] = progress.Epoch,
                ["loss"] = Widen(progress.Loss),
                ["val_accuracy"] = Widen(progress.ValAccuracy),
                ["learning_rate"] = Widen(progress.LearningRate),
            }));
        }
    }

    /// <summary>Records the trial's outcome: completed or diverged with its metrics, or failed with its error.</summary>
    public void Ended(TrialOutcome outcome)
    {
        var counter = outcome.State switch
        {
            TrialState.Completed => SweepTelemetry.TrialsCompleted,
            TrialState.Diverged => SweepTelemetry.TrialsDiverged,
            _ => SweepTelemetry.TrialsFailed,
        };
        // The duration first: whoever sees the count of ended trials also sees their durations.
        if (outcome.Metrics is { } metrics)
        {
            SweepTelemetry.TrialDuration.Record(metrics.Seconds, sweepTag);
        }

        counter.Add(1, sweepTag);

        if (activity is null)
        {
            return;
        }

        activity.SetTag("trial.state", outcome.State.ToString().ToLowerInvariant());
        if (outcome.Metrics is { } m)
        {
            activity.SetTag("trial.train_accuracy", m.TrainAccuracy);
            activity.SetTag("trial.test_accuracy", m.TestAccuracy);
            activity.SetTag("trial.train_loss", m.TrainLoss);
            activity.SetTag("trial.test_loss", m.TestLoss);
            activity.SetTag("trial.seconds", m.Seconds);
            if (m.ValAccuracy is { } validation)
            {
                activity.SetTag("trial.val_accuracy", validation);
                activity.SetTag("trial.val_loss", m.ValLoss);
            }
        }

        activity.SetStatus(outcome.State == TrialState.Completed ? ActivityStatusCode.Ok : ActivityStatusCode.Error, outcome.Error);
    }

    /// <summary>Records an attempt that ended without an outcome: <paramref name="state"/> is <c>retrying</c> or <c>handed_back</c>.</summary>
    public void Interrupted(string state, string why)
    {
        activity?.SetTag("trial.state", state);
        activity?.SetStatus(ActivityStatusCode.Error, why);
    }

    /// <summary>The double that prints as the float does (0.001, not 0.0010000000474974513).</summary>
    private static double Widen(float value) => double.Parse(value.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>Ends the span.</summary>
    public void Dispose() => activity?.Stop();
}
