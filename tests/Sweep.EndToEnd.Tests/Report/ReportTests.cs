using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sweep.Client.Plots;
using Sweep.Client.Report;
using Sweep.Client.Tests.Plots;
using Sweep.Client.Tests.Support;
using Sweep.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Sweep.EndToEnd.Tests.Report;

/// <summary>The HTML report as headless Chromium renders it, and as <c>sweep report</c> writes it: complete and clean.</summary>
public sealed partial class ReportTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Render_InChromium_LoadsCleanWithTheTableAndEveryImage()
    {
        HeadlessChromium.SkipUnlessInstalled();

        using var temp = new TemporaryStore();
        var data = SyntheticSweep.Create();
        var figures = ReportFigures.Create(data, _ => { });
        var page = temp.WriteFile("index.html", HtmlReport.Render(data, figures, DateTimeOffset.UtcNow));

        var load = await LoadAsync(page, Path.Combine(temp.Root, "report.png"));

        Assert.Empty(load.Errors);
        Assert.Equal(data.Report.Ranking.Length, load.Values[0].GetInt32());
        Assert.Equal(figures.Count, load.Values[1].GetInt32());
        Assert.True(load.Values[2].GetBoolean(), "an image did not load at its full 1000 px width");
        var text = load.Values[3].GetString()!;
        Assert.All(data.Report.Ranking, a => Assert.Contains(a.Configuration.Label, text, StringComparison.Ordinal));
        Assert.Contains("▼ worse", text, StringComparison.Ordinal);
        Assert.Contains("▲ better", text, StringComparison.Ordinal);
        Assert.Contains("no difference", text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task RunThenReport_FromTheCommandLine_WritesAPageChromiumShowsCompletely()
    {
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("small.yaml", TestSweeps.FourConfigurationsTwoSeeds);
        var run = await SweepProcess.RunAsync("run", file, "--store", temp.Store);
        Assert.True(run.ExitCode == 0, run.Error);
        var id = SweepIdLine().Match(run.Output).Groups[1].Value;
        var directory = Path.Combine(temp.Root, "report");

        var report = await SweepProcess.RunAsync("report", id, "--out", directory, "--store", temp.Store);

        Assert.True(report.ExitCode == 0, report.Error);
        Assert.Contains($"report {id}: [6/6] dataset", report.Error, StringComparison.Ordinal);
        foreach (var name in new[] { "index.html", "curves-accuracy.png", "curves-loss.png", "coefficients.png", "sparsity-zeros.png", "sparsity-mean.png", "dataset.png", "configurations.csv", "trials.csv" })
        {
            Assert.True(File.Exists(Path.Combine(directory, name)), $"{name} is missing");
        }

        Assert.Equal(7, File.ReadAllLines(Path.Combine(directory, "trials.csv")).Length);
        HeadlessChromium.SkipUnlessInstalled();

        var load = await LoadAsync(Path.Combine(directory, "index.html"), screenshotPath: null);
        Assert.Empty(load.Errors);
        Assert.Equal(3, load.Values[0].GetInt32());
        Assert.Equal(6, load.Values[1].GetInt32());
        Assert.True(load.Values[2].GetBoolean());
        Assert.Contains("kind=l1 placement=after", load.Values[3].GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoFilesOfOneSweep_TheReportNamesTheFileThatTrainedItsTrials()
    {
        // The same grid and seeds under the same name are one sweep, whichever file says so.
        using var temp = new TemporaryStore();
        var first = temp.WriteFile("first.yaml", TestSweeps.FourConfigurationsTwoSeeds.Replace("seeds: 2", "seeds: 1", StringComparison.Ordinal));
        var second = temp.WriteFile("second.yaml", TestSweeps.FourConfigurationsTwoSeeds.Replace("seeds: 2", "seeds: 1", StringComparison.Ordinal) + "\n# the same grid, from another file\n");
        var run = await SweepProcess.RunAsync("run", first, "--store", temp.Store);
        Assert.True(run.ExitCode == 0, run.Error);
        var again = await SweepProcess.RunAsync("run", second, "--store", temp.Store);
        Assert.True(again.ExitCode == 0, again.Error);
        var id = SweepIdLine().Match(run.Output).Groups[1].Value;
        Assert.Equal(id, SweepIdLine().Match(again.Output).Groups[1].Value);
        var directory = Path.Combine(temp.Root, "report");

        var report = await SweepProcess.RunAsync("report", id, "--out", directory, "--store", temp.Store);
        var results = await SweepProcess.RunAsync("results", id, "--format", "json", "--store", temp.Store);

        Assert.True(report.ExitCode == 0, report.Error);
        var html = File.ReadAllText(Path.Combine(directory, "index.html"));
        var runs = RunRow().Matches(html).Select(m => (Run: long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), File: m.Groups[2].Value, Trained: int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture))).ToArray();
        Assert.Equal([(first, 3), (second, 0)], runs.Select(r => (r.File, r.Trained)));
        Assert.Contains("<h2>Sweep files</h2>", html, StringComparison.Ordinal);
        Assert.Contains("# the same grid, from another file", html, StringComparison.Ordinal);
        var attempts = JsonNode.Parse(results.Output)!["trials"]!.AsArray().SelectMany(t => t!["attempts"]!.AsArray()).ToArray();
        Assert.Equal(3, attempts.Length);
        Assert.All(attempts, a => Assert.Equal(runs[0].Run, (long)a!["run"]!));
    }

    private async Task<PageLoad> LoadAsync(string page, string? screenshotPath)
    {
        var load = await HeadlessChromium.LoadAsync(
            page,
            [
                "document.querySelectorAll('table.ranking tbody tr').length",
                "document.images.length",
                $"[...document.images].every(i => i.complete && i.naturalWidth === {SweepPlots.DefaultWidth})",
                "document.body.innerText",
            ],
            screenshotPath);
        output.WriteLine($"errors: {string.Join(" | ", load.Errors)}");
        return load;
    }

    [GeneratedRegex(@"sweep (\S+): ")]
    private static partial Regex SweepIdLine();

    // A row of the report's table of runs: run, started, file, SHA-256, options, trials it trained.
    [GeneratedRegex("""<tr><td>(\d+)</td><td>[^<]*</td><td class="left">([^<]*)</td><td class="left"><code>[0-9a-f]{12}</code></td><td class="left">[^<]*</td><td>(\d+)</td></tr>""")]
    private static partial Regex RunRow();
}
