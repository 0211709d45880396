using Sweep.Training.Torch;
using System.Runtime.CompilerServices;
using Sweep.Training.Datasets;
using Sweep.Training.Engine;
using Sweep.Training.Losses;
using Sweep.Training.Specs;

namespace Sweep.Training.Fused;

/// <summary>
/// The fused model, its optimizer and the trial's rows as float arrays, driven by <see cref="FitLoop"/> exactly as the
/// TorchSharp engine is: the same batches, the same loss and accuracy bookkeeping, the same evaluation.
/// </summary>
internal sealed class FusedEngine : IFitEngine
{
    private readonly FusedModel model;
    private readonly FusedOptimizer optimizer;
    private readonly ILoss loss;
    private readonly bool binary;
    private readonly int features;
    private readonly float[] trainX;
    private readonly float[] trainY;
    private readonly float[] testX;
    private readonly float[] testY;
    private readonly float[] validationX;
    private readonly float[] validationY;
    private readonly Pass trainPass;
    private readonly Pass evaluationPass;
    private readonly float[] batchX;
    private readonly float[] logitGradients;
    private readonly List<float>[] perRowPenalties;
    private readonly bool hasWeightPenalties;
    private float[]? best;

    public FusedEngine(TrialSpec spec, int seed)
    {
        var data = DatasetLoader.LoadRows(spec.Dataset);
        data.CheckLabels(spec.Classes);
        features = data.Features;
        (trainX, trainY, testX, testY) = (data.TrainX, data.TrainY, data.TestX, data.TestY);
        (validationX, validationY) = (data.ValidationX, data.ValidationY);
        model = new FusedModel(spec.Layers, features, (ulong)seed);
        optimizer = FusedOptimizer.Create(spec.Optimizer, model.Parameters.Length);
        loss = LossFactory.Create(spec.Loss);
        binary = spec.Loss == LossFactory.Binary;
        var batch = Math.Min(spec.BatchSize, trainY.Length);
        trainPass = model.NewPass(batch, training: true);
        evaluationPass = model.NewPass(Math.Min(TorchTrainer.EvaluationChunk, Math.Max(Math.Max(trainY.Length, testY.Length), validationY.Length)), training: false);
        batchX = new float[batch * features];
        logitGradients = new float[batch * model.Outputs];
        perRowPenalties = model.ActivityPenalties().Select(_ => new List<float>()).ToArray();
        hasWeightPenalties = model.WeightPenalties().Any();
    }

    public string Backend => "fused";

    /// <summary>The model's weights, as <see cref="FusedModel.Parameters"/> lays them out.</summary>
    public float[] Parameters => model.Parameters;

    public int TrainRows => trainY.Length;

    public double LearningRate
    {
        get => optimizer.LearningRate;
        set => optimizer.LearningRate = value;
    }

    public int ObservedLayer => model.ObservedLayer;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (double Loss, double Accuracy) TrainEpoch(int[] order, int batchSize)
    {
        double lossSum = 0;
        long correct = 0;
        var width = model.Outputs;
        for (var start = 0; start < order.Length; start += batchSize)
        {
            var rows = Math.Min(batchSize, order.Length - start);
            for (var r = 0; r < rows; r++)
            {
                trainX.AsSpan(order[start + r] * features, features).CopyTo(batchX.AsSpan(r * features));
            }

            var x = batchX.AsSpan(0, rows * features);
            var logits = model.Forward(trainPass, x, rows, training: true, out var activityPenalty);
            var gradients = logitGradients.AsSpan(0, rows * width);
            var share = 1f / rows;
            double crossEntropy = 0;
            for (var r = 0; r < rows; r++)
            {
                var label = trainY[order[start + r]];
                var row = logits.Slice(r * width, width);
                var (rowLoss, right) = loss.Row(row, label);
                crossEntropy += rowLoss;
                correct += right ? 1 : 0;
                LogitGradient(row, label, share, gradients.Slice(r * width, width));
            }

            model.Backward(trainPass, x, gradients);
            var stepLoss = (float)(crossEntropy / rows) + (float)activityPenalty;
            if (hasWeightPenalties)
            {
                stepLoss += model.WeightPenaltyTotal();
            }

            optimizer.Step(model.Parameters, model.Gradients);

            // Keras averages the epoch's batch losses weighted by batch size, and scores accuracy on the predictions the step was computed from.
            lossSum += stepLoss * rows;
        }

        return (lossSum / order.Length, (double)correct / order.Length);
    }

    public bool HasValidation => validationY.Length > 0;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Evaluation Evaluate(EvaluationRows which, int batchSize, bool observe)
    {
        var (x, y) = which switch
        {
            EvaluationRows.Train => (trainX, trainY),
            EvaluationRows.Validation => HasValidation ? (validationX, validationY) : throw new InvalidOperationException("the trial has no validation rows"),
            _ => (testX, testY),
        };
        var rows = y.Length;
        var width = model.Outputs;
        var observation = observe ? new Observation() : null;
        foreach (var list in perRowPenalties)
        {
            list.Clear();
        }

        double crossEntropy = 0;
        long correct = 0;
        for (var start = 0; start < rows; start += TorchTrainer.EvaluationChunk)
        {
            var count = Math.Min(TorchTrainer.EvaluationChunk, rows - start);
            var logits = model.Forward(evaluationPass, x.AsSpan(start * features, count * features), count, training: false, out _, perRowPenalties, observation);
            for (var r = 0; r < count; r++)
            {
                var (rowLoss, right) = loss.Row(logits.Slice(r * width, width), y[start + r]);
                crossEntropy += rowLoss;
                correct += right ? 1 : 0;
            }
        }

        // Without penalties (the common case) an evaluation per epoch allocates no list.
        PenaltyContribution[] penalties = perRowPenalties.Length == 0 && !hasWeightPenalties
            ? []
            : model.ActivityPenalties()
                .Select((a, i) => new PenaltyContribution($"layers.{a.Layer}.activity", Evaluation.AverageActivityPenalty(a.Reduction, perRowPenalties[i], batchSize)))
                .Concat(model.WeightPenalties())
                .ToArray();
        var activationMean = observation is { Count: > 0 } o ? o.Sum / o.Count : double.NaN;
        var zeroFraction = observation is { Count: > 0 } z ? z.Zeros / (double)z.Count : double.NaN;
        return new Evaluation((crossEntropy / rows) + penalties.Sum(p => p.Value), (double)correct / rows, activationMean, zeroFraction, penalties);
    }

    public void SaveWeights() => best = (float[])model.Parameters.Clone();

    public void RestoreWeights() => best?.CopyTo(model.Parameters, 0);

    public void Dispose()
    {
        // Plain arrays: nothing native to free.
    }

    // The mean loss's gradient with respect to a row's logits: (sigmoid(z) - y) / rows, or (softmax(z) - onehot(y)) / rows.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void LogitGradient(ReadOnlySpan<float> logits, float label, float share, Span<float> gradient)
    {
        if (binary)
        {
            gradient[0] = ((1f / (1f + MathF.Exp(-logits[0]))) - label) * share;
            return;
        }

        logits.CopyTo(gradient);
        FusedModel.Softmax(gradient);
        gradient[(int)label] -= 1;
        for (var k = 0; k < gradient.Length; k++)
        {
            gradient[k] *= share;
        }
    }
}
