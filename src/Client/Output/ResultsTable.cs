using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sweep.Grains.Contracts;
using Sweep.Training.Sweeps;

namespace Sweep.Client.Output;

/// <summary>A column of a <see cref="ResultsTable"/>: its name and the type of its values.</summary>
/// <param name="Name">The column's name, the same in every export.</param>
/// <param name="Type">
/// <see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/> or <see cref="DateTimeOffset"/>; a
/// grid setting's column is <see cref="JsonNode"/> (its values as the sweep file gave them), whose type an export
/// chooses from its values.
/// </param>
internal sealed record ResultsColumn(string Name, Type Type);

/// <summary>
/// One of the flat tables of a sweep's results, with typed cells (null where a value is missing or undefined): one row
/// per configuration (<see cref="Configurations"/>) or per trial (<see cref="Trials"/>). CSV and Parquet write the same
/// tables; JSON nests the same fields.
/// </summary>
internal sealed class ResultsTable
{
    private static readonly string[] SummaryFields = ["n", "mean", "std", "min", "max", "ci95_low", "ci95_high"];

    private static readonly string[] ComparisonFields = ["difference", "ci95_low", "ci95_high", "t", "df", "p", "p_holm", "prob_better", "verdict"];

    private ResultsTable(IReadOnlyList<ResultsColumn> columns, IReadOnlyList<object?[]> rows)
    {
        Columns = columns;
        Rows = rows;
    }

    public IReadOnlyList<ResultsColumn> Columns { get; }

    public IReadOnlyList<object?[]> Rows { get; }

    /// <summary>One row per configuration, in ranking order; with <paramref name="only"/>, those rows at their ranks in the whole sweep.</summary>
    public static ResultsTable Configurations(SweepReport report, IReadOnlySet<string>? only = null)
    {
        var metric = report.RankingMetric;
        var byBound = report.PlacesByBound();
        var settings = GridSettings.Of(report.Ranking.Select(a => a.Configuration));
        var columns = new List<ResultsColumn> { new("rank", typeof(long)), new("configuration_id", typeof(string)), new("label", typeof(string)) };
        columns.AddRange([new("completed", typeof(long)), new("failed", typeof(long)), new("diverged", typeof(long))]);
        columns.AddRange(Metric.All.SelectMany(m => SummaryFields.Select(f => new ResultsColumn($"{m.Name}_{f}", f == "n" ? typeof(long) : typeof(double)))));
        columns.AddRange([new("rank_by_bound", typeof(long)), new("is_baseline", typeof(bool))]);
        columns.AddRange(ComparisonFields.Select(f => new ResultsColumn($"vs_baseline_{f}", f == "verdict" ? typeof(string) : typeof(double))));
        if (report.Race is not null)
        {
            // A raced sweep's configurations also say what the race made of them (RaceStanding.StateOf) and on what evidence.
            columns.AddRange([
                new("race_state", typeof(string)), new("race_eliminated_at_seeds", typeof(long)), new("race_eliminated_by", typeof(string)),
                new("race_difference", typeof(double)), new("race_lower_bound", typeof(double))]);
        }

        columns.InsertRange(3, SettingColumns(settings, columns));

        var rows = new List<object?[]>();
        foreach (var (aggregate, rank) in report.Ranking.Select((a, i) => (a, i + 1)))
        {
            var id = aggregate.Configuration.Id;
            if (only is not null && !only.Contains(id))
            {
                continue;
            }

            var cells = new List<object?> { (long)rank, id, aggregate.Configuration.Label };
            cells.AddRange(settings.Nodes(id));
            cells.AddRange([(long)aggregate.Completed, (long)aggregate.Failed, (long)aggregate.Diverged]);
            foreach (var m in Metric.All)
            {
                var s = aggregate.Metrics[m.Name];
                cells.Add((long)s.N);
                cells.AddRange(new[] { s.Mean, s.StandardDeviation, s.Min, s.Max, s.ConfidenceLow, s.ConfidenceHigh }.Select(Finite));
            }

            cells.AddRange([(long)byBound[id], id == report.BaselineId]);
            cells.AddRange(aggregate.VersusBaseline is { } c
                ? [.. new[] { c.Difference, c.ConfidenceLow, c.ConfidenceHigh, c.T, c.DegreesOfFreedom, c.P, c.AdjustedP, c.ProbabilityOfImprovement }.Select(Finite), c.VerdictFor(metric.HigherIsBetter).ToString().ToLowerInvariant()]
                : ComparisonFields.Select(_ => (object?)null));
            if (report.Race is { } race)
            {
                var elimination = race.EliminationOf(id);
                cells.AddRange([
                    race.StateOf(id).ToString().ToLowerInvariant(), elimination is null ? null : (long)elimination.Seeds, elimination?.By,
                    elimination is null ? null : Finite(elimination.Difference), elimination is null ? null : Finite(elimination.LowerBound)]);
            }

            rows.Add([.. cells]);
        }

        return new ResultsTable(columns, rows);
    }

    /// <summary>One row per trial of the report, with the columns of the store's <c>sweep_trials</c> that a user reads.</summary>
    public static ResultsTable Trials(SweepReport report, IReadOnlySet<string>? only = null)
    {
        var labels = report.Ranking.ToDictionary(a => a.Configuration.Id, a => a.Configuration.Label);
        var settings = GridSettings.Of(report.Ranking.Select(a => a.Configuration));
        var columns = new List<ResultsColumn>
        {
            new("configuration_id", typeof(string)), new("label", typeof(string)), new("seed", typeof(long)), new("state", typeof(string)),
            new("silo", typeof(string)), new("started", typeof(DateTimeOffset)), new("finished", typeof(DateTimeOffset)), new("attempts", typeof(long)),
            new("error", typeof(string)),
        };
        columns.AddRange(Metric.All.Select(m => new ResultsColumn(m.Name, typeof(double))));
        columns.Add(new("backend", typeof(string)));
        columns.InsertRange(2, SettingColumns(settings, columns));

        var rows = new List<object?[]>();
        foreach (var trial in report.Trials.Where(t => only is null || only.Contains(t.ConfigurationId)))
        {
            var cells = new List<object?> { trial.ConfigurationId, labels.GetValueOrDefault(trial.ConfigurationId, "") };
            cells.AddRange(settings.Nodes(trial.ConfigurationId));
            cells.AddRange([(long)trial.Seed, trial.State.ToString().ToLowerInvariant(), trial.Silo, trial.Started, trial.Finished, (long)trial.AttemptLog.Length, trial.Error]);
            cells.AddRange(Metric.All.Select(m => trial.Metrics is null ? null : Finite(m.Of(trial.Metrics))));
            cells.Add(trial.Metrics?.Backend);
            rows.Add([.. cells]);
        }

        return new ResultsTable(columns, rows);
    }

    /// <summary>The table as CSV: a header, then a row per line; missing values are empty cells.</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder().AppendLine(string.Join(',', Columns.Select(c => Quote(c.Name))));
        foreach (var row in Rows)
        {
            csv.AppendLine(string.Join(',', row.Select(Text)));
        }

        return csv.ToString();
    }

    /// <summary>A cell as CSV writes it.</summary>
    private static string Text(object? value) => value switch
    {
        null => "",
        string text => Quote(text),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        long number => number.ToString(CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
        JsonNode node => Quote(GridExpander.Format(node)),
        _ => throw new InvalidOperationException($"a results cell of type {value.GetType()}"),
    };

    /// <summary>
    /// The type a grid setting's column has in a typed export: numbers if every value is a number, true/false if every
    /// value is one, else text (the values as labels write them).
    /// </summary>
    public static Type SettingType(IEnumerable<JsonNode?> values)
    {
        var kinds = values.OfType<JsonNode>().Select(v => v.GetValueKind()).Distinct().ToArray();
        return kinds switch
        {
            [] => typeof(string),
            _ when kinds.All(k => k == JsonValueKind.Number) => typeof(double),
            _ when kinds.All(k => k is JsonValueKind.True or JsonValueKind.False) => typeof(bool),
            _ => typeof(string),
        };
    }

    private static IEnumerable<ResultsColumn> SettingColumns(GridSettings settings, IEnumerable<ResultsColumn> columns) =>
        settings.Columns(columns.Select(c => c.Name)).Select(name => new ResultsColumn(name, typeof(JsonNode)));

    // An undefined statistic (the deviation of one value) is missing, not a number.
    private static object? Finite(double value) => double.IsFinite(value) ? value : null;

    /// <summary>A CSV cell: quoted (RFC 4180) where it holds a comma, a quote or a line break.</summary>
    public static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\n']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
}
