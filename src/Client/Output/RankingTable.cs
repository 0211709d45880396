using Spectre.Console;
using Sweep.Grains.Contracts;

namespace Sweep.Client.Output;

/// <summary>The ranked table of configurations that <c>run</c> and <c>best</c> print.</summary>
internal static class RankingTable
{
    public static Table Create(SweepReport report, int? top = null)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(report.Status.SweepId)}[/]: ranked by mean {report.RankedBy}")
            .AddColumn(new TableColumn("#").RightAligned())
            .AddColumn("configuration")
            .AddColumn(new TableColumn("n").RightAligned())
            .AddColumn(new TableColumn("test acc (mean ± std)").RightAligned())
            .AddColumn(new TableColumn("95% CI").RightAligned())
            .AddColumn(new TableColumn("train acc").RightAligned())
            .AddColumn(new TableColumn("test loss").RightAligned())
            .AddColumn(new TableColumn("act. mean").RightAligned())
            .AddColumn(new TableColumn("zeros").RightAligned());
        if (report.RankedBy is not ("test_accuracy" or "train_accuracy" or "test_loss"))
        {
            table.AddColumn(new TableColumn(report.RankedBy).RightAligned());
        }

        var rank = 0;
        foreach (var aggregate in report.Ranking.Take(top ?? int.MaxValue))
        {
            rank++;
            var m = aggregate.Metrics;
            var n = $"{aggregate.Completed}{(aggregate.Failed > 0 ? $" (+{aggregate.Failed} failed)" : "")}{(aggregate.Diverged > 0 ? $" (+{aggregate.Diverged} diverged)" : "")}";
            var cells = new List<string>
            {
                $"{rank}",
                aggregate.Configuration.Label,
                n,
                Numbers.MeanStd(m["test_accuracy"]),
                Numbers.Interval(m["test_accuracy"]),
                Numbers.MeanStd(m["train_accuracy"]),
                Numbers.MeanStd(m["test_loss"]),
                Numbers.F(m["activation_mean"].Mean),
                Numbers.F(m["zero_fraction"].Mean),
            };
            if (table.Columns.Count > cells.Count)
            {
                cells.Add(Numbers.MeanStd(m[report.RankedBy]));
            }

            table.AddRow(cells.Select(cell => new Text(cell)));
        }

        return table;
    }
}
