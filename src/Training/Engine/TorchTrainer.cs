using System.Diagnostics;
using Sweep.Training.Callbacks;
using Sweep.Training.Datasets;
using Sweep.Training.Losses;
using Sweep.Training.Optimizers;
using Sweep.Training.Schedules;
using Sweep.Training.Specs;
using static TorchSharp.torch;

namespace Sweep.Training.Engine;

/// <summary>
/// Trains a trial with TorchSharp the way Keras <c>fit</c> does (tf.keras 2.x semantics; the
/// activity reduction is configurable, see <see cref="ActivityReduction"/>): at each epoch's start
/// the schedule sets the learning rate; the training rows are shuffled, one optimizer step per
/// batch; then the test rows are evaluated and ReduceLROnPlateau and EarlyStopping see the epoch's logs.
/// </summary>
/// <remarks>
/// Every random draw comes from the trial's own generators, seeded from the trial seed:
/// <c>torch.manual_seed</c> is process-wide and would make parallel trials interfere.
/// </remarks>
public sealed class TorchTrainer : ITrialTrainer
{
    /// <summary>Creates a trainer; libtorch runs one intra-op thread, parallelism is across trials.</summary>
    public TorchTrainer() => set_num_threads(1);

    /// <inheritdoc />
    public TrialResult Train(TrialSpec spec, int seed, Action<EpochProgress>? onEpoch, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var data = DatasetLoader.Load(spec.Dataset);
        using var generator = new Generator((ulong)seed);
        var shuffler = new LegacyRandomState((uint)seed);
        using var network = new SequentialNetwork(spec.Layers, spec.Dataset.InputShape, generator);
        var lossFunction = LossFactory.Create(spec.Loss);
        data.CheckLabels(spec.Loss == LossFactory.Binary ? 2 : ((DenseSpec)spec.Layers.Last(l => l is DenseSpec)).Units);
        var parameters = network.parameters().ToArray();
        using var optimizer = OptimizerFactory.Create(spec.Optimizer, parameters);
        var schedule = spec.LearningRateSchedule is { } s ? ScheduleFactory.Create(s) : null;
        var plateau = spec.ReduceLrOnPlateau is { } p ? new ReduceLrOnPlateau(p) : null;
        var stopping = spec.EarlyStopping is { } e ? new EarlyStopping(e) : null;
        using var best = new WeightSnapshot(spec.EarlyStopping?.RestoreBestWeights == true ? parameters : []);

        var history = TrainingHistory.Create(spec.Epochs);
        var trained = spec.Epochs;
        int? divergedAt = null;
        for (var epoch = 0; epoch < spec.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (schedule is not null)
            {
                optimizer.LearningRate = schedule.At(epoch, spec.Optimizer.LearningRate, optimizer.LearningRate);
            }

            history.LearningRate[epoch] = (float)optimizer.LearningRate;
            using (NewDisposeScope())
            {
                var (loss, accuracy) = TrainEpoch(network, lossFunction, optimizer, data, shuffler, spec.BatchSize);
                var validation = Evaluate(network, lossFunction, data.TestX, data.TestY, spec.BatchSize, observe: false);
                history.Loss[epoch] = (float)loss;
                history.Accuracy[epoch] = (float)accuracy;
                history.ValLoss[epoch] = (float)validation.Loss;
                history.ValAccuracy[epoch] = (float)validation.Accuracy;
            }

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
                optimizer.LearningRate = plateau.OnEpochEnd(logs, optimizer.LearningRate);
            }

            if (stopping is not null)
            {
                var stop = stopping.OnEpochEnd(epoch, logs);
                if (stopping.LastWasBest || epoch == 0)
                {
                    best.Save();
                }

                if (stop)
                {
                    best.Restore();
                    trained = epoch + 1;
                    break;
                }
            }
        }

        using (NewDisposeScope())
        {
            var train = Evaluate(network, lossFunction, data.TrainX, data.TrainY, spec.BatchSize, observe: false);
            var test = Evaluate(network, lossFunction, data.TestX, data.TestY, spec.BatchSize, observe: true);
            return new TrialResult(
                train.Accuracy,
                test.Accuracy,
                train.Loss,
                test.Loss,
                test.ActivationMean,
                test.ZeroFraction,
                network.ObservedLayerIndex,
                clock.Elapsed.TotalSeconds,
                history.Take(trained),
                train.Penalties,
                trained < spec.Epochs && divergedAt is null,
                divergedAt);
        }
    }

    /// <summary>The most rows evaluated in one forward pass, which bounds the memory a convolution's output takes.</summary>
    internal const int EvaluationChunk = 1024;

    /// <summary>
    /// Keras <c>evaluate</c>: batches of <paramref name="batchSize"/> in order, each scored as its mean
    /// loss plus its activity penalties plus the weight penalties, averaged weighted by batch size.
    /// Forward passes take up to <see cref="EvaluationChunk"/> rows at once; the result does not depend on it.
    /// </summary>
    internal static Evaluation Evaluate(SequentialNetwork network, ILoss lossFunction, Tensor x, Tensor y, int batchSize, bool observe)
    {
        network.eval();
        using var _ = no_grad();
        var labels = y.data<float>().ToArray();
        var rows = labels.Length;
        var logits = new List<float>();
        var perRowPenalties = new List<(int Layer, ActivityReduction Reduction, List<float> PerRow)>();
        double observedSum = 0;
        long observedZeros = 0;
        long observedCount = 0;
        for (var start = 0; start < rows; start += EvaluationChunk)
        {
            using var chunk = NewDisposeScope();
            var pass = network.Run(x.narrow(0, start, Math.Min(EvaluationChunk, rows - start)), training: false, observe: observe);
            logits.AddRange(pass.Logits.data<float>());
            for (var a = 0; a < pass.Activities.Count; a++)
            {
                var activity = pass.Activities[a];
                if (start == 0)
                {
                    perRowPenalties.Add((activity.Layer, activity.Reduction, []));
                }

                perRowPenalties[a].PerRow.AddRange(activity.PerRow.data<float>());
            }

            if (pass.Observed is { } observed)
            {
                observedSum += observed.sum(ScalarType.Float64).item<double>();
                observedZeros += observed.eq(0).sum().item<long>();
                observedCount += observed.numel();
            }
        }

        var width = logits.Count / rows;
        double crossEntropy = 0;
        long correct = 0;
        var allLogits = logits.ToArray();
        for (var row = 0; row < rows; row++)
        {
            var (loss, right) = lossFunction.Row(allLogits.AsSpan(row * width, width), labels[row]);
            crossEntropy += loss;
            correct += right ? 1 : 0;
        }

        // Averaged weighted by batch size, a batch's mean loss sums to the overall mean, a weight penalty
        // stays itself, and an activity penalty is sum over batches of (batch penalty * batch rows) / rows.
        var penalties = new List<PenaltyContribution>();
        foreach (var (layer, reduction, perRow) in perRowPenalties)
        {
            double weighted = 0;
            for (var start = 0; start < rows; start += batchSize)
            {
                var end = Math.Min(start + batchSize, rows);
                double batch = 0;
                for (var row = start; row < end; row++)
                {
                    batch += perRow[row];
                }

                weighted += reduction == ActivityReduction.BatchMean ? batch : batch * (end - start);
            }

            penalties.Add(new PenaltyContribution($"layers.{layer}.activity", weighted / rows));
        }

        foreach (var (name, value) in network.WeightPenalties())
        {
            penalties.Add(new PenaltyContribution(name, value.item<float>()));
        }

        var activationMean = observedCount > 0 ? observedSum / observedCount : double.NaN;
        var zeroFraction = observedCount > 0 ? observedZeros / (double)observedCount : double.NaN;

        var total = (crossEntropy / rows) + penalties.Sum(p => p.Value);
        return new Evaluation(total, (double)correct / rows, activationMean, zeroFraction, penalties);
    }

    private static (double Loss, double Accuracy) TrainEpoch(
        SequentialNetwork network, ILoss lossFunction, IOptimizer optimizer, SplitData data, LegacyRandomState shuffler, int batchSize)
    {
        network.train();
        var order = shuffler.Permutation(data.TrainRows);
        double lossSum = 0;
        long correct = 0;
        for (var start = 0; start < order.Length; start += batchSize)
        {
            using var step = NewDisposeScope();
            var rows = Math.Min(batchSize, order.Length - start);
            var index = tensor(order.AsSpan(start, rows).ToArray().Select(i => (long)i).ToArray());
            var x = data.TrainX.index_select(0, index);
            var y = data.TrainY.index_select(0, index);
            var pass = network.Run(x, training: true, observe: false);
            var loss = lossFunction.Mean(pass.Logits, y);
            if (pass.Penalty is { } penalty)
            {
                loss = loss.add(penalty);
            }

            if (network.WeightPenalty() is { } weights)
            {
                loss = loss.add(weights);
            }

            optimizer.ZeroGrad();
            loss.backward();
            optimizer.Step();

            // Keras averages the epoch's batch losses weighted by batch size, and scores accuracy on the predictions the step was computed from.
            lossSum += loss.item<float>() * rows;
            correct += lossFunction.Correct(pass.Logits, y).item<long>();
        }

        return (lossSum / order.Length, (double)correct / order.Length);
    }
}
