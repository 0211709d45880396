using TorchSharp;
using Sweep.Training.Engine;
using System.Diagnostics;
using Sweep.Training.Datasets;
using Sweep.Training.Losses;
using Sweep.Training.Torch.Optimizers;
using Sweep.Training.Specs;
using static TorchSharp.torch;

namespace Sweep.Training.Torch;

/// <summary>
/// Trains any trial with TorchSharp inside Keras's <c>fit</c> loop (<see cref="FitLoop"/>; tf.keras 2.x
/// semantics, the activity reduction configurable, see <see cref="ActivityReduction"/>).
/// </summary>
/// <remarks>
/// Every random draw comes from the trial's own generators, seeded from the trial seed:
/// <c>torch.manual_seed</c> is process-wide and would make parallel trials interfere.
/// <para>
/// Every <see cref="TorchSharp.Scalar"/> the engine hands to libtorch is made by the trial's thread with
/// <c>ToScalar()</c> and held (<c>using</c>, or an optimizer's field) until the call returns. TorchSharp's implicit
/// conversion from a number, and overloads such as <c>add(Tensor)</c> (an <c>alpha</c> of 1) and <c>square()</c>
/// (<c>pow(2)</c>), make a Scalar that nothing references once its handle is read; a collection during the native call
/// then lets the finalizer thread free it while libtorch reads it. With two trials at a time on a busy machine that
/// failed about one trial in ten (<c>Scalar.h</c> assertions, "Unknown scalar type"), and it could as well have read a
/// wrong value. A test scans this assembly for such calls.
/// </para>
/// </remarks>
public sealed class TorchTrainer : ITrialTrainer
{
    /// <inheritdoc />
    public TrialResult Train(TrialSpec spec, int seed, Action<EpochProgress>? onEpoch, CancellationToken cancellationToken)
    {
        TorchRuntime.EnsureLoaded();
        var clock = Stopwatch.StartNew();
        using var engine = new TorchEngine(spec, seed);
        return FitLoop.Run(spec, seed, engine.TrainRows, engine, clock, onEpoch, cancellationToken);
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
                using var zero = 0.ToScalar();
                observedZeros += observed.eq(zero).sum().item<long>();
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
            penalties.Add(new PenaltyContribution($"layers.{layer}.activity", Evaluation.AverageActivityPenalty(reduction, perRow, batchSize)));
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

    internal static (double Loss, double Accuracy) TrainEpoch(
        SequentialNetwork network, ILoss lossFunction, IOptimizer optimizer, SplitData data, int[] order, int batchSize)
    {
        network.train();
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
            using var one = 1.ToScalar();
            if (pass.Penalty is { } penalty)
            {
                loss = loss.add(penalty, one);
            }

            if (network.WeightPenalty() is { } weights)
            {
                loss = loss.add(weights, one);
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
