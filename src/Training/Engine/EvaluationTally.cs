using System.Runtime.CompilerServices;
using Sweep.Training.Losses;
using Sweep.Training.Specs;

namespace Sweep.Training.Engine;

/// <summary>
/// Keras <c>evaluate</c>'s bookkeeping, for both engines: each row's loss and prediction as the forward passes deliver
/// them, each activity penalty per row, and the observed layer's activations; then the evaluation as Keras reports it,
/// batches of the batch size in order, each scored as its mean loss plus its activity penalties plus the weight
/// penalties, averaged weighted by batch size. A tally may serve a trial's evaluations one after another (the fused engine
/// keeps one; the TorchSharp engine, whose evaluation allocates tensors anyway, makes one per evaluation).
/// </summary>
internal sealed class EvaluationTally
{
    /// <summary>
    /// The most rows evaluated in one forward pass, which bounds the memory a convolution's output takes; the
    /// evaluation does not depend on it.
    /// </summary>
    public const int ChunkRows = 1024;

    private readonly ILoss loss;
    private readonly IReadOnlyList<NetworkStep.Penalize> activities;
    private double crossEntropy;
    private long correct;
    private int rows;

    /// <param name="plan">The model's plan, whose activity penalties the evaluations report.</param>
    /// <param name="loss">The trial's loss.</param>
    public EvaluationTally(NetworkPlan plan, ILoss loss)
    {
        this.loss = loss;
        activities = plan.Activities;
        ActivityRows = [.. activities.Select(_ => new List<float>())];
    }

    /// <summary>Each activity penalty (in the plan's order) of each row scored so far.</summary>
    public List<float>[] ActivityRows { get; }

    /// <summary>The observed layer's activations so far, where the evaluation observes them.</summary>
    public Observation? Observation { get; private set; }

    /// <summary>Starts an evaluation: nothing scored yet; the observed layer counted with <paramref name="observe"/>.</summary>
    public void Begin(bool observe)
    {
        (crossEntropy, correct, rows) = (0, 0, 0);
        foreach (var list in ActivityRows)
        {
            list.Clear();
        }

        Observation = observe ? new Observation() : null;
    }

    /// <summary>Scores rows in order: their logits, row after row, and their labels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddRows(ReadOnlySpan<float> logits, ReadOnlySpan<float> labels)
    {
        if (labels.IsEmpty)
        {
            return;
        }

        var width = logits.Length / labels.Length;
        for (var r = 0; r < labels.Length; r++)
        {
            var (rowLoss, right) = loss.Row(logits.Slice(r * width, width), labels[r]);
            crossEntropy += rowLoss;
            correct += right ? 1 : 0;
        }

        rows += labels.Length;
    }

    /// <summary>The evaluation of the rows scored, as batches of <paramref name="batchSize"/>, with the weight penalties' values.</summary>
    public Evaluation Finish(int batchSize, IReadOnlyCollection<PenaltyContribution> weightPenalties)
    {
        // Averaged weighted by batch size, a batch's mean loss sums to the overall mean, a weight penalty stays itself,
        // and an activity penalty is the sum over batches of (batch penalty * batch rows) / rows. Without penalties (the
        // common case) an evaluation allocates no list.
        PenaltyContribution[] penalties = activities.Count == 0 && weightPenalties.Count == 0
            ? []
            :
            [
                .. activities.Select((a, i) => new PenaltyContribution($"layers.{a.Layer}.activity", AverageActivityPenalty(a.Reduction, ActivityRows[i], batchSize))),
                .. weightPenalties,
            ];
        var activationMean = Observation is { Count: > 0 } o ? o.Sum / o.Count : double.NaN;
        var zeroFraction = Observation is { Count: > 0 } z ? z.Zeros / (double)z.Count : double.NaN;
        return new Evaluation((crossEntropy / rows) + penalties.Sum(p => p.Value), (double)correct / rows, activationMean, zeroFraction, penalties);
    }

    /// <summary>
    /// An activity penalty as <c>evaluate</c> averages it: batches of <paramref name="batchSize"/> rows in order,
    /// each batch's penalty reduced as in training (summed, or over the batch's rows), weighted by the batch's rows.
    /// </summary>
    private static double AverageActivityPenalty(ActivityReduction reduction, List<float> perRow, int batchSize)
    {
        double weighted = 0;
        foreach (var (start, count) in new Batches(perRow.Count, batchSize))
        {
            double batch = 0;
            for (var row = start; row < start + count; row++)
            {
                batch += perRow[row];
            }

            weighted += reduction == ActivityReduction.BatchMean ? batch : batch * count;
        }

        return weighted / perRow.Count;
    }
}
