using Sweep.Training.Specs;

namespace Sweep.Training.Engine;

/// <summary>Loss and accuracy of a model on a set of rows, as Keras <c>evaluate</c> reports them.</summary>
internal readonly record struct Evaluation(double Loss, double Accuracy, double ActivationMean, double ZeroFraction, IReadOnlyList<PenaltyContribution> Penalties)
{
    /// <summary>
    /// An activity penalty as <c>evaluate</c> averages it: batches of <paramref name="batchSize"/> rows in order,
    /// each batch's penalty reduced as in training (summed, or over the batch's rows), weighted by the batch's rows.
    /// </summary>
    public static double AverageActivityPenalty(ActivityReduction reduction, IReadOnlyList<float> perRow, int batchSize)
    {
        var rows = perRow.Count;
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

        return weighted / rows;
    }
}
