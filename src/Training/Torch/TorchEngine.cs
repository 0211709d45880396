using Sweep.Training.Datasets;
using Sweep.Training.Engine;
using Sweep.Training.Losses;
using Sweep.Training.Torch.Optimizers;
using Sweep.Training.Specs;
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
        optimizer = OptimizerFactory.Create(spec.Optimizer, parameters);
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
        return TorchTrainer.TrainEpoch(network, lossFunction, optimizer, data, order, batchSize);
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
        return TorchTrainer.Evaluate(network, lossFunction, x, y, batchSize, observe);
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
}
