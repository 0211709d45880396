using ScottPlot;
using Sweep.Client.Output;
using Sweep.Client.Plots;

namespace Sweep.Client.Report;

/// <summary>The figures a report shows, in order; a figure the sweep has no data for is left out with a note why.</summary>
internal static class ReportFigures
{
    public static List<ReportFigure> Create(SweepData data, Action<string> progress)
    {
        var metric = data.Report.RankedBy;
        var curves = data.Select([], SweepFigures.DefaultCurveCount);
        var evaluated = SweepFigures.EvaluatedRows(data.Report);
        var drafts = new (string Id, string Title, string Caption, Func<Plot> Draw)[]
        {
            ("curves-accuracy", "Accuracy per epoch", $"Mean over seeds of each configuration's {evaluated} accuracy (solid) and training accuracy (dashed), with ±1 standard deviation bands; {Shown(curves.Count, data)}.", () => SweepFigures.Curves(data, curves, loss: false)),
            ("curves-loss", "Loss per epoch", $"Mean {evaluated} loss (solid) and training loss (dashed, with the regularization penalty) over seeds, with ±1 standard deviation bands; {Shown(curves.Count, data)}.", () => SweepFigures.Curves(data, curves, loss: true)),
            ("coefficients", $"{metric} by coefficient", $"Mean {metric} with its 95% interval against the one non-zero regularization coefficient of each configuration (log scale), one line per regularizer; the dashed line and band are the baseline's mean and interval.", () => SweepFigures.Coefficients(data, metric)),
            ("sparsity-zeros", "Sparsity: zero fraction", "Test accuracy against the fraction of the first hidden layer's activations that are exactly zero on the test rows: each configuration's mean ±1 std (diamond) and its trials (dots).", () => SweepFigures.Sparsity(data, data.Select([]), "zero_fraction")),
            ("sparsity-mean", "Sparsity: mean activation", "Test accuracy against the mean activation of the first hidden layer on the test rows: each configuration's mean ±1 std (diamond) and its trials (dots).", () => SweepFigures.Sparsity(data, data.Select([]), "activation_mean")),
            ("dataset", "Dataset", "The rows trials train on (filled) and are tested on (hollow), coloured by label.", () => SweepFigures.Data(data, data.Baseline ?? data.Report.Ranking[0])),
        };
        if (data.Report.Race is not null)
        {
            drafts = [.. drafts, ("race", "Race", $"Each configuration's mean {data.Report.Status.Metric} with its 95% interval on its first n seeds, at every decision of the race it took part in; a cross marks an elimination (see the Race section for the evidence).", () => SweepFigures.Race(data))];
        }

        var figures = new List<ReportFigure>();
        for (var i = 0; i < drafts.Length; i++)
        {
            var draft = drafts[i];
            try
            {
                var png = SweepPlots.Png(draft.Draw(), SweepPlots.DefaultWidth, SweepPlots.DefaultHeight);
                figures.Add(new ReportFigure(draft.Id, draft.Title, draft.Caption, png));
                progress($"[{i + 1}/{drafts.Length}] {draft.Id}");
            }
            catch (ArgumentException e)
            {
                // The sweep has no data for this figure (no coefficient, not a 2-D dataset): the others still go in.
                progress($"[{i + 1}/{drafts.Length}] {draft.Id}: left out, {e.Message}");
            }
        }

        return figures;
    }

    private static string Shown(int shown, SweepData data) => shown == data.Report.Ranking.Length
        ? "every configuration"
        : $"the best {SweepFigures.DefaultCurveCount} configurations and the baseline ({shown} of {data.Report.Ranking.Length}); sweep plot --configs draws others";
}
