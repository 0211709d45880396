using System.Diagnostics;
using Sweep.Training.Callbacks;
using Sweep.Training.Datasets;
using Sweep.Training.Schedules;
using Sweep.Training.Specs;

namespace Sweep.Training.Engine;

/// <summary>
/// Keras <c>fit</c> around an engine (tf.keras 2.x semantics): at each epoch's start the schedule sets the learning
/// rate; the training rows are shuffled by the trial's numpy-style generator, one optimizer step per batch; then the
/// validation rows are evaluated (the test rows where the dataset sets none aside, as the tutorial's
/// <c>validation_data=(testX, testy)</c> does) and ReduceLROnPlateau and EarlyStopping see the epoch's logs. After the
/// last epoch the training, validation and test rows are evaluated once each. A NaN or infinite loss ends the trial as
/// diverged. Both engines share this loop, so they differ only in how a step is computed.
/// </summary>
internal static class FitLoop
{
    /// <summary>Fits <paramref name="engine"/>'s model; <paramref name="clock"/> started with the trial, data and model included.</summary>
    public static TrialResult Run(
        TrialSpec spec, int seed, int trainRows, IFitEngine engine, Stopwatch clock, Action<EpochProgress>? onEpoch, CancellationToken cancellationToken)
    {
        var shuffler = new LegacyRandomState((uint)seed);
        var schedule = spec.LearningRateSchedule is { } s ? ScheduleFactory.Create(s) : null;
        var plateau = spec.ReduceLrOnPlateau is { } p ? new ReduceLrOnPlateau(p) : null;
        var stopping = spec.EarlyStopping is { } e ? new EarlyStopping(e) : null;
        var restoreBest = spec.EarlyStopping?.RestoreBestWeights == true;
        var history = TrainingHistory.Create(spec.Epochs);
        var trained = spec.Epochs;
        var monitored = engine.HasValidation ? EvaluationRows.Validation : EvaluationRows.Test;
        int? divergedAt = null;
        for (var epoch = 0; epoch < spec.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (schedule is not null)
            {
                engine.LearningRate = schedule.At(epoch, spec.Optimizer.LearningRate, engine.LearningRate);
            }

            history.LearningRate[epoch] = (float)engine.LearningRate;
            var (loss, accuracy) = engine.TrainEpoch(shuffler.Permutation(trainRows), spec.BatchSize);
            var validation = engine.Evaluate(monitored, spec.BatchSize, observe: false);
            history.Loss[epoch] = (float)loss;
            history.Accuracy[epoch] = (float)accuracy;
            history.ValLoss[epoch] = (float)validation.Loss;
            history.ValAccuracy[epoch] = (float)validation.Accuracy;
            onEpoch?.Invoke(new EpochProgress(epoch + 1, spec.Epochs, history.Loss[epoch], history.ValAccuracy[epoch], history.LearningRate[epoch]));

            // A NaN or infinite loss never recovers, and the trial is deterministic: stop here.
            if (!float.IsFinite(history.Loss[epoch]))
            {
                divergedAt = trained = epoch + 1;
                break;
            }

            var logs = new EpochLogs(history.Loss[epoch], history.Accuracy[epoch], history.ValLoss[epoch], history.ValAccuracy[epoch]);
            if (plateau is not null)
            {
                engine.LearningRate = plateau.OnEpochEnd(logs, engine.LearningRate);
            }

            if (stopping is not null)
            {
                var stop = stopping.OnEpochEnd(epoch, logs);
                if (restoreBest && (stopping.LastWasBest || epoch == 0))
                {
                    engine.SaveWeights();
                }

                if (stop)
                {
                    if (restoreBest)
                    {
                        engine.RestoreWeights();
                    }

                    trained = epoch + 1;
                    break;
                }
            }
        }

        var train = engine.Evaluate(EvaluationRows.Train, spec.BatchSize, observe: false);
        Evaluation? held = engine.HasValidation ? engine.Evaluate(EvaluationRows.Validation, spec.BatchSize, observe: false) : null;
        var final = engine.Evaluate(EvaluationRows.Test, spec.BatchSize, observe: true);
        return new TrialResult(
            train.Accuracy,
            final.Accuracy,
            train.Loss,
            final.Loss,
            final.ActivationMean,
            final.ZeroFraction,
            engine.ObservedLayer,
            clock.Elapsed.TotalSeconds,
            history.Take(trained),
            train.Penalties,
            trained < spec.Epochs && divergedAt is null,
            divergedAt,
            engine.Backend)
        {
            ValAccuracy = held?.Accuracy ?? double.NaN,
            ValLoss = held?.Loss ?? double.NaN,
        };
    }
}
