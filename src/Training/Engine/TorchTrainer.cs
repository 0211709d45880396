using System.Diagnostics;
using Sweep.Training.Datasets;
using Sweep.Training.Optimizers;
using Sweep.Training.Specs;
using static TorchSharp.torch;

namespace Sweep.Training.Engine;

/// <summary>
/// Trains a trial with TorchSharp the way Keras <c>fit</c> does (tf.keras 2.x semantics; the
/// activity reduction is configurable, see <see cref="ActivityReduction"/>): every epoch shuffles
/// the training rows, one optimizer step per batch, then evaluates the test rows.
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
        using var network = new SequentialNetwork(spec.Layers, data.Features, generator);
        var parameters = network.parameters().ToArray();
        using var optimizer = new TensorFlowAdam(parameters, spec.Optimizer);

        var history = new TrainingHistory(new float[spec.Epochs], new float[spec.Epochs], new float[spec.Epochs], new float[spec.Epochs]);
        for (var epoch = 0; epoch < spec.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using (NewDisposeScope())
            {
                var (loss, accuracy) = TrainEpoch(network, optimizer, data, shuffler, spec.BatchSize);
                var validation = Evaluate(network, data.TestX, data.TestY, spec.BatchSize, observe: false);
                history.Loss[epoch] = (float)loss;
                history.Accuracy[epoch] = (float)accuracy;
                history.ValLoss[epoch] = (float)validation.Loss;
                history.ValAccuracy[epoch] = (float)validation.Accuracy;
            }

            onEpoch?.Invoke(new EpochProgress(epoch + 1, spec.Epochs, history.Loss[epoch], history.ValAccuracy[epoch]));
        }

        using (NewDisposeScope())
        {
            var train = Evaluate(network, data.TrainX, data.TrainY, spec.BatchSize, observe: false);
            var test = Evaluate(network, data.TestX, data.TestY, spec.BatchSize, observe: true);
            return new TrialResult(
                train.Accuracy,
                test.Accuracy,
                train.Loss,
                test.Loss,
                test.ActivationMean,
                test.ZeroFraction,
                network.ObservedLayerIndex,
                clock.Elapsed.TotalSeconds,
                history);
        }
    }

    private static (double Loss, double Accuracy) TrainEpoch(
        SequentialNetwork network, TensorFlowAdam optimizer, SplitData data, LegacyRandomState shuffler, int batchSize)
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
            var loss = nn.functional.binary_cross_entropy_with_logits(pass.Logits, y);
            if (pass.Penalty is { } penalty)
            {
                loss = loss.add(penalty);
            }

            optimizer.ZeroGrad();
            loss.backward();
            optimizer.Step();

            // Keras averages the epoch's batch losses weighted by batch size, and scores accuracy on the predictions the step was computed from.
            lossSum += loss.item<float>() * rows;
            correct += pass.Logits.detach().sigmoid().gt(0.5).eq(y.gt(0.5)).sum().item<long>();
        }

        return (lossSum / order.Length, (double)correct / order.Length);
    }

    /// <summary>
    /// Keras <c>evaluate</c>: batches of <paramref name="batchSize"/> in order, each scored as its mean
    /// loss plus its activity penalties, averaged weighted by batch size. One forward pass serves all batches.
    /// </summary>
    internal static Evaluation Evaluate(SequentialNetwork network, Tensor x, Tensor y, int batchSize, bool observe)
    {
        network.eval();
        using var _ = no_grad();
        var pass = network.Run(x, training: false, observe: observe);
        var logits = pass.Logits.data<float>().ToArray();
        var labels = y.data<float>().ToArray();
        var meanPenalty = pass.MeanReducedPerRow?.data<float>().ToArray();
        var sumPenalty = pass.SumReducedPerRow?.data<float>().ToArray();

        double lossSum = 0;
        long correct = 0;
        for (var start = 0; start < logits.Length; start += batchSize)
        {
            var end = Math.Min(start + batchSize, logits.Length);
            double crossEntropy = 0;
            double penaltyMean = 0;
            double penaltySum = 0;
            for (var row = start; row < end; row++)
            {
                double z = logits[row];
                crossEntropy += Math.Max(z, 0) - (z * labels[row]) + Math.Log(1 + Math.Exp(-Math.Abs(z)));
                penaltyMean += meanPenalty?[row] ?? 0;
                penaltySum += sumPenalty?[row] ?? 0;
                var predicted = 1f / (1f + MathF.Exp(-logits[row])) > 0.5f;
                correct += predicted == labels[row] > 0.5f ? 1 : 0;
            }

            var rows = end - start;
            lossSum += ((crossEntropy + penaltyMean) / rows + penaltySum) * rows;
        }

        var activationMean = double.NaN;
        var zeroFraction = double.NaN;
        if (pass.Observed is { } observed)
        {
            activationMean = observed.mean().item<float>();
            zeroFraction = observed.eq(0).sum().item<long>() / (double)observed.numel();
        }

        return new Evaluation(lossSum / logits.Length, (double)correct / logits.Length, activationMean, zeroFraction);
    }
}
