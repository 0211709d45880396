using Sweep.Training.Datasets;
using Sweep.Training.Engine;
using Sweep.Training.Losses;
using Sweep.Training.Specs;
using Sweep.Training.Torch.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace Sweep.Training.Torch;

/// <summary>
/// A trial's TorchSharp model, optimizer and data, as <see cref="FitLoop"/> drives them. Every random draw comes from
/// the trial's own generator, seeded from the trial seed: <c>torch.manual_seed</c> is process-wide and would make
/// parallel trials interfere.
/// </summary>
internal sealed class TorchEngine : IFitEngine
{
    private readonly SplitData data;
    private readonly Generator generator;
    private readonly SequentialNetwork network;
    private readonly ILoss lossFunction;
    private readonly IOptimizer optimizer;
    private readonly WeightSnapshot best;
    private readonly Tensor[] parameters;

    public TorchEngine(TrialSpec spec, int seed)
    {
        var rows = DatasetLoader.LoadRows(spec.Dataset);
        rows.CheckLabels(spec.Classes);
        data = SplitData.From(rows);
        generator = new Generator((ulong)seed);
        network = new SequentialNetwork(spec.Layers, spec.Dataset.InputShape, generator);
        lossFunction = LossFactory.Create(spec.Loss);
        parameters = network.parameters().ToArray();
        optimizer = TorchOptimizers.Create(spec.Optimizer, parameters);
        best = new WeightSnapshot(spec.EarlyStopping?.RestoreBestWeights == true ? parameters : []);
    }

    public string Backend => "torch";

    public int TrainRows => data.TrainRows;

    public double LearningRate
    {
        get => optimizer.LearningRate;
        set => optimizer.LearningRate = value;
    }

    public int ObservedLayer => network.ObservedLayerIndex;

    /// <summary>Every weight in registration order (each layer's kernel, then its bias), flattened; for comparisons.</summary>
    public float[] Weights() => parameters.SelectMany(p => p.detach().contiguous().data<float>().ToArray()).ToArray();

    public (double Loss, double Accuracy) TrainEpoch(int[] order, int batchSize)
    {
        using var scope = NewDisposeScope();
        return TrainEpoch(network, lossFunction, optimizer, data, order, batchSize);
    }

    public bool HasValidation => data.ValidationX is not null;

    public Evaluation Evaluate(EvaluationRows which, int batchSize, bool observe)
    {
        using var scope = NewDisposeScope();
        var (x, y) = which switch
        {
            EvaluationRows.Train => (data.TrainX, data.TrainY),
            EvaluationRows.Validation => (data.ValidationX ?? throw new InvalidOperationException("the trial has no validation rows"), data.ValidationY!),
            _ => (data.TestX, data.TestY),
        };
        return Evaluate(network, lossFunction, x, y, batchSize, observe);
    }

    public void SaveWeights() => best.Save();

    public void RestoreWeights() => best.Restore();

    public void Dispose()
    {
        best.Dispose();
        optimizer.Dispose();
        network.Dispose();
        generator.Dispose();
        data.Dispose();
    }

    /// <summary>
    /// Keras <c>evaluate</c> (<see cref="EvaluationTally"/>) of <paramref name="network"/> on the rows of <paramref name="x"/>,
    /// labelled <paramref name="y"/>, forward passes taking up to <see cref="EvaluationTally.ChunkRows"/> rows at once.
    /// </summary>
    internal static Evaluation Evaluate(SequentialNetwork network, ILoss lossFunction, Tensor x, Tensor y, int batchSize, bool observe)
    {
        network.eval();
        using var _ = no_grad();
        var labels = y.data<float>().ToArray();
        var tally = new EvaluationTally(network.Plan, lossFunction);
        tally.Begin(observe);
        foreach (var (start, count) in new Batches(labels.Length, EvaluationTally.ChunkRows))
        {
            using var chunk = NewDisposeScope();
            var pass = network.Run(x.narrow(0, start, count), training: false, observe: observe);
            tally.AddRows(pass.Logits.data<float>().ToArray(), labels.AsSpan(start, count));
            for (var a = 0; a < pass.Activities.Count; a++)
            {
                tally.ActivityRows[a].AddRange(pass.Activities[a].PerRow.data<float>());
            }

            if (pass.Observed is { } observed)
            {
                using var zero = 0.ToScalar();
                tally.Observation!.Add(observed.sum(ScalarType.Float64).item<double>(), observed.eq(zero).sum().item<long>(), observed.numel());
            }
        }

        return tally.Finish(batchSize, [.. network.WeightPenalties().Select(p => new PenaltyContribution(p.Name, p.Value.item<float>()))]);
    }

    internal static (double Loss, double Accuracy) TrainEpoch(
        SequentialNetwork network, ILoss lossFunction, IOptimizer optimizer, SplitData data, int[] order, int batchSize)
    {
        network.train();
        var tally = new EpochTally();
        foreach (var (start, rows) in new Batches(order.Length, batchSize))
        {
            using var step = NewDisposeScope();
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
            tally.Add(loss.item<float>(), rows, lossFunction.Correct(pass.Logits, y).item<long>());
        }

        return tally.Result;
    }
}
