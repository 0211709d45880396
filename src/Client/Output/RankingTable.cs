using Spectre.Console;
using Sweep.Grains.Contracts;
using Sweep.Grains.Results;
using Sweep.Training.Sweeps;

namespace Sweep.Client.Output;

/// <summary>
/// The ranked table of configurations that <c>run</c> and <c>best</c> print: the ranking metric with its 95% interval,
/// the comparison with the baseline (Welch, Holm-adjusted), the rank by the interval's pessimistic bound, and the
/// other metrics.
/// </summary>
internal static class RankingTable
{
    /// <summary>Terminals at least this wide get the other metrics' columns too.</summary>
    private const int WideColumns = 200;

    /// <summary>Terminals narrower than this get neither interval, only the ranking metric and the comparison.</summary>
    private const int NarrowColumns = 140;

    /// <summary>
    /// The table for a terminal <paramref name="width"/> columns wide: the narrower, the fewer columns. With
    /// <paramref name="only"/>, the rows of those configurations, at their ranks in the whole sweep.
    /// </summary>
    public static Table Create(SweepReport report, int? top = null, int width = int.MaxValue, IReadOnlySet<string>? only = null)
    {
        var metric = report.RankingMetric;
        var baseline = report.Ranking.FirstOrDefault(a => a.Configuration.Id == report.BaselineId);
        var byBound = report.PlacesByBound();
        var narrow = width < NarrowColumns;
        var others = Numbers.Others(metric, width >= WideColumns ? 3 : 0);
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(report.Status.SweepId)}[/]: ranked by mean {report.RankedBy}")
            .AddColumn(new TableColumn("#").RightAligned())
            .AddColumn("configuration")
            .AddColumn(new TableColumn("n").RightAligned())
            .AddColumn(new TableColumn($"{metric.ShortName} (mean ± std)").RightAligned());
        if (!narrow)
        {
            table.AddColumn(new TableColumn("95% CI").RightAligned());
        }

        if (baseline is not null)
        {
            table.AddColumn(new TableColumn(narrow ? "Δ vs baseline" : "Δ vs baseline [[95% CI]]").RightAligned())
                .AddColumn(new TableColumn("p (Holm)").RightAligned());
        }

        table.AddColumn(new TableColumn(metric.HigherIsBetter ? "# by low" : "# by high").RightAligned());
        foreach (var other in others)
        {
            table.AddColumn(new TableColumn($"{other.ShortName} (mean)").RightAligned());
        }

        var rank = 0;
        foreach (var aggregate in report.Ranking.Take(top ?? int.MaxValue))
        {
            rank++;
            if (only is not null && !only.Contains(aggregate.Configuration.Id))
            {
                continue;
            }

            var m = aggregate.Metrics;
            var n = $"{aggregate.Completed}{(aggregate.Failed > 0 ? $" (+{aggregate.Failed} failed)" : "")}{(aggregate.Diverged > 0 ? $" (+{aggregate.Diverged} diverged)" : "")}";
            var cells = new List<string>
            {
                $"{rank}",
                Markup.Escape(aggregate.Configuration.Label),
                n,
                Numbers.MeanStd(m[metric.Name]),
            };
            if (!narrow)
            {
                cells.Add(Markup.Escape(Numbers.Interval(m[metric.Name])));
            }

            if (baseline is not null)
            {
                cells.AddRange(Versus(aggregate, report.BaselineId, metric, withInterval: !narrow));
            }

            cells.Add($"{byBound[aggregate.Configuration.Id]}");
            cells.AddRange(others.Select(o => Numbers.F(m[o.Name].Mean)));
            table.AddRow(cells.Select(cell => new Markup(cell)));
        }

        var bound = $"# by {(metric.HigherIsBetter ? "low" : "high")}: rank by the 95% interval's {(metric.HigherIsBetter ? "lower" : "upper")} bound.";
        var caption = baseline is not null
            ? $"[green]▲[/]/[red]▼[/]: better/worse than the baseline ({Markup.Escape(baseline.Configuration.Label)}) at p ≤ {Comparison.Alpha} "
                + $"after Holm's correction for {report.Ranking.Count(a => a.VersusBaseline is not null)} comparisons (Welch's t-test). {bound}"
            : $"No baseline: the sweep file names none and no single configuration is without regularization. {bound}";
        if (Numbers.SelectionNote(metric, report.HasValidationRows) is { } note)
        {
            caption += " " + Markup.Escape(note);
        }

        if (report.Race is { } race)
        {
            caption += " " + Markup.Escape($"Race: {RaceText.Summary(race)}{(RaceText.Saved(race) is { } saved ? $"; trials not needed: {saved}" : "")}; n is each configuration's seeds; sweep status shows why each left.");
            if (RaceText.ComparisonNote(race) is { } comparisons && baseline is not null)
            {
                caption += " " + Markup.Escape(comparisons);
            }
        }

        table.Caption(caption);

        return table;
    }

    private static string[] Versus(ConfigurationAggregate aggregate, string? baselineId, Metric metric, bool withInterval)
    {
        if (aggregate.Configuration.Id == baselineId)
        {
            return ["[bold]baseline[/]", ""];
        }

        if (aggregate.VersusBaseline is not { } c)
        {
            return ["-", "-"];
        }

        var verdict = c.VerdictFor(metric.HigherIsBetter);
        var mark = verdict == Verdict.Same ? "" : $"[{(verdict == Verdict.Better ? "green" : "red")}]{Numbers.Mark(verdict).TrimEnd()}[/] ";
        var interval = withInterval ? $" [[{Numbers.Signed(c.ConfidenceLow)}, {Numbers.Signed(c.ConfidenceHigh)}]]" : "";
        return [$"{mark}{Numbers.Signed(c.Difference)}{interval}", Numbers.P(c.AdjustedP)];
    }
}
