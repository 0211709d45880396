using Sweep.Client.Output;
using Sweep.Client.Tests.Plots;
using Sweep.Client.Tests.Support;

namespace Sweep.Client.Tests.Output;

public sealed class ResultsDocumentTests
{
    [Fact]
    public void ConfigurationsCsv_HasTheComparisonColumnsForEveryConfigurationButTheBaseline()
    {
        var data = SyntheticSweep.Create();

        var lines = CsvRows.Parse(ResultsDocument.ConfigurationsCsv(data.Report));

        var header = lines[0];
        Assert.Equal(data.Report.Ranking.Length + 1, lines.Length);
        Assert.Equal(
            ["rank_by_bound", "is_baseline", "vs_baseline_difference", "vs_baseline_ci95_low", "vs_baseline_ci95_high", "vs_baseline_t", "vs_baseline_df", "vs_baseline_p", "vs_baseline_p_holm", "vs_baseline_prob_better", "vs_baseline_verdict"],
            header[^11..]);
        var rows = lines[1..];
        var baseline = Assert.Single(rows, r => r[Array.IndexOf(header, "is_baseline")] == "true");
        Assert.Equal(data.Report.BaselineId, baseline[1]);
        Assert.Equal("", baseline[^1]);
        Assert.Equal(["better", "same", "worse", "worse", "worse", "worse"], rows.Where(r => r != baseline).Select(r => r[^1]).Order());
        var first = data.Report.Ranking.First(a => a.VersusBaseline is not null);
        var row = rows.Single(r => r[1] == first.Configuration.Id);
        Assert.Equal(first.VersusBaseline!.AdjustedP, double.Parse(row[^3], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(first.VersusBaseline.ProbabilityOfImprovement, double.Parse(row[^2], System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(first.VersusBaseline.ProbabilityOfImprovement, 0, 1);
    }

    [Fact]
    public void Markdown_IsOneRowPerConfigurationWithTheBaselineMarked()
    {
        var data = SyntheticSweep.Create();

        var rows = ResultsDocument.Markdown(data.Report).Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)).ToArray();

        Assert.Equal(data.Report.Ranking.Length + 1, rows.Length);
        Assert.All(rows, r => Assert.Equal(9, r.Count(c => c == '|')));
        Assert.Single(rows, r => r.Contains("| baseline |", StringComparison.Ordinal));
        Assert.Equal(4, rows.Count(r => r.Contains("▼ -", StringComparison.Ordinal)));
        Assert.Single(rows, r => r.Contains("▲ +0.100", StringComparison.Ordinal));
    }
}
