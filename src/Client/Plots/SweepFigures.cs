using ScottPlot;
using Sweep.Client.Output;
using Sweep.Grains.Contracts;
using Sweep.Grains.Results;
using Sweep.Training.Datasets;
using Sweep.Training.Specs;

namespace Sweep.Client.Plots;

/// <summary>The four kinds of figure, drawn from a sweep's data: what <c>sweep plot</c> and <c>sweep report</c> show.</summary>
internal static class SweepFigures
{
    /// <summary>The kinds <c>sweep plot --kind</c> accepts.</summary>
    public static readonly string[] Kinds = ["curves", "coefficients", "sparsity", "data"];

    /// <summary>How many configurations a curve plot shows when none are named (and the baseline besides).</summary>
    public const int DefaultCurveCount = 6;

    /// <summary>Learning curves of accuracy (or loss) for the configurations, validation (or test) solid and training dashed.</summary>
    /// <exception cref="ArgumentException">No trial of the sweep has completed.</exception>
    public static Plot Curves(SweepData data, IReadOnlyList<ConfigurationAggregate> configurations, bool loss)
    {
        RequireCompleted(data);
        var pairs = configurations.Select(c =>
        {
            var records = data.CompletedOf(c.Configuration.Id);
            return new CurvePair(
                $"{c.Configuration.Label} (n={records.Count})",
                Curve.Of(records.Select(r => loss ? r.Loss : r.Accuracy).ToArray()),
                Curve.Of(records.Select(r => loss ? r.ValLoss : r.ValAccuracy).ToArray()));
        }).ToArray();
        var quantity = loss ? "loss" : "accuracy";
        return SweepPlots.Curves($"{data.SweepId}: {quantity} per epoch, mean over seeds", quantity, pairs, EvaluatedRows(data.Report));
    }

    /// <summary>The rows a sweep's per-epoch val_* are on: its validation rows, or the test rows.</summary>
    public static string EvaluatedRows(SweepReport report) => report.HasValidationRows ? "validation" : "test";

    /// <summary>
    /// A raced sweep's race: each configuration's mean of the race's metric with its 95% interval at every decision it
    /// took part in (its first n seeds), a cross where it was eliminated.
    /// </summary>
    /// <exception cref="ArgumentException">The sweep does not race, or no trial of it has completed.</exception>
    public static Plot Race(SweepData data)
    {
        var race = data.Report.Race ?? throw new ArgumentException("the sweep does not race");
        RequireCompleted(data);
        var metric = data.Report.Status.Metric;
        var looks = race.Definition.Looks();
        var series = race.Configurations.Select(c =>
        {
            var values = data.CompletedOf(c.Id).Select(r => r.Outcome).Where(o => o.Seed < race.MaxSeeds).OrderBy(o => o.Seed)
                .Select(o => o.Metrics!.Get(metric)).Where(double.IsFinite).ToArray();
            var eliminated = race.EliminationOf(c.Id);
            // Only decisions made: a survivor's current round is decided when its last trial's result is in.
            var points = looks.Where(n => n <= values.Length && (eliminated is null ? n < race.Progress.Seeds || race.Progress.Finished : n <= eliminated.Seeds))
                .Select(n => (Seeds: n, Summary: Aggregation.Summarize(values[..n])))
                .ToArray();
            return new RaceSeries(c.Label, points, eliminated is not null);
        }).Where(s => s.Points.Length > 0).ToArray();
        return SweepPlots.Race($"{data.SweepId}: the race, mean {metric} per decision", metric, series);
    }

    /// <summary>The ranking metric against each regularization coefficient, one line per regularizer.</summary>
    /// <exception cref="ArgumentException">No configuration has exactly one non-zero coefficient.</exception>
    public static Plot Coefficients(SweepData data, string metric)
    {
        RequireCompleted(data);
        var series = Plots.Coefficients.Series(data.Report.Ranking, metric);
        if (series.Count == 0)
        {
            throw new ArgumentException(Plots.Coefficients.None(data.SweepId));
        }

        return SweepPlots.Coefficients($"{data.SweepId}: {metric} by coefficient (mean, 95% CI)", metric, series, data.Baseline);
    }

    /// <summary>Test accuracy against the hidden activations' zero fraction or mean, per configuration and per trial.</summary>
    /// <exception cref="ArgumentException">No trial of the sweep has completed.</exception>
    public static Plot Sparsity(SweepData data, IReadOnlyList<ConfigurationAggregate> configurations, string x)
    {
        RequireCompleted(data);
        var points = SparsityPoints.Of(configurations, data.Report.Trials, x);
        return SweepPlots.Sparsity($"{data.SweepId}: sparsity and test accuracy", SparsityPoints.Describe(x), SparsityPoints.YMetric, points);
    }

    /// <summary>The dataset of a configuration, if it is a table of 2-D points.</summary>
    /// <exception cref="ArgumentException">The dataset is not 2-D.</exception>
    public static Plot Data(SweepData data, ConfigurationAggregate configuration)
    {
        var files = data.Files ?? new DataFiles();
        DatasetSpec spec;
        try
        {
            spec = files.ForTraining(TrialSpecJson.Parse(configuration.Configuration.SpecJson, files)).Dataset;
        }
        catch (SpecException e)
        {
            throw new ArgumentException($"sweep {data.SweepId}: its dataset cannot be read here: {e.Message}", e);
        }

        var name = spec.Kind.ToString().ToLowerInvariant();
        (LabeledPoints Points, bool[] IsTrain) rows;
        try
        {
            rows = DatasetExport.Rows(spec);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"sweep {data.SweepId}: --kind data draws 2-D datasets; {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or DataContentException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"sweep {data.SweepId}: its dataset cannot be read here: {e.Message}", e);
        }

        var features = rows.Points.Features[0].Length;
        if (features != 2)
        {
            throw new ArgumentException($"sweep {data.SweepId}: --kind data draws 2-D datasets; its {name} dataset has {features} features");
        }

        return SweepPlots.Data($"{data.SweepId}: the {name} dataset ({rows.Points.Labels.Length} rows)", rows.Points, rows.IsTrain);
    }

    /// <summary>Why nothing can be drawn of a sweep yet: none of its trials has completed; null once one has.</summary>
    public static string? NothingCompleted(SweepReport report) => report.Ranking.All(a => a.Completed == 0)
        ? $"sweep {report.Status.SweepId} has no completed trial yet ({report.Status.Failed} failed, {report.Status.Diverged} diverged); there is nothing to draw"
        : null;

    private static void RequireCompleted(SweepData data)
    {
        if (NothingCompleted(data.Report) is { } message)
        {
            throw new ArgumentException(message);
        }
    }
}
