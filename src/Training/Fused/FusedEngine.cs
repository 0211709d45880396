using System.Runtime.CompilerServices;
using Sweep.Training.Datasets;
using Sweep.Training.Engine;
using Sweep.Training.Fused.Optimizers;
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
    private readonly EvaluationTally evaluation;
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
        optimizer = FusedOptimizers.Create(spec.Optimizer, model.Parameters.Length);
        loss = LossFactory.Create(spec.Loss);
        binary = spec.Loss == LossFactory.Binary;
        var batch = Math.Min(spec.BatchSize, trainY.Length);
        trainPass = model.NewPass(batch, training: true);
        evaluationPass = model.NewPass(Math.Min(EvaluationTally.ChunkRows, Math.Max(Math.Max(trainY.Length, testY.Length), validationY.Length)), training: false);
        batchX = new float[batch * features];
        logitGradients = new float[batch * model.Outputs];
        evaluation = new EvaluationTally(model.Plan, loss);
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
        var tally = new EpochTally();
        var width = model.Outputs;
        foreach (var (start, rows) in new Batches(order.Length, batchSize))
        {
            for (var r = 0; r < rows; r++)
            {
                trainX.AsSpan(order[start + r] * features, features).CopyTo(batchX.AsSpan(r * features));
            }

            var x = batchX.AsSpan(0, rows * features);
            var logits = model.Forward(trainPass, x, rows, training: true, out var activityPenalty);
            var gradients = logitGradients.AsSpan(0, rows * width);
            var share = 1f / rows;
            double crossEntropy = 0;
            long correct = 0;
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
            tally.Add(stepLoss, rows, correct);
        }

        return tally.Result;
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
        evaluation.Begin(observe);
        foreach (var (start, count) in new Batches(y.Length, EvaluationTally.ChunkRows))
        {
            var logits = model.Forward(evaluationPass, x.AsSpan(start * features, count * features), count, training: false, out _, evaluation.ActivityRows, evaluation.Observation);
            evaluation.AddRows(logits, y.AsSpan(start, count));
        }

        return evaluation.Finish(batchSize, hasWeightPenalties ? [.. model.WeightPenalties()] : []);
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
        FusedActivations.Softmax(gradient);
        gradient[(int)label] -= 1;
        for (var k = 0; k < gradient.Length; k++)
        {
            gradient[k] *= share;
        }
    }
}
