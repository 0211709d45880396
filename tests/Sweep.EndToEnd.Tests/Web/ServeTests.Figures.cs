using System.Globalization;
using System.Text.Json.Nodes;
using Sweep.Client.Tests.Support;
using Sweep.EndToEnd.Tests.Support;

namespace Sweep.EndToEnd.Tests.Web;

/// <summary>The sweep page's figures in headless Chromium, after a real run.</summary>
public sealed partial class ServeTests
{
    // The legend row of series i of the curves plot (0: the epoch), and its value's text.
    private const string CurvesLegend = "[...document.querySelectorAll('#curves-plot .u-legend .u-series')]";

    [SkippableFact]
    public async Task Curves_HoverAtAnEpoch_ShowsEachLinesMeanAndStdOfTheCurvesJson()
    {
        HeadlessChromium.SkipUnlessInstalled();
        using var temp = new TemporaryStore();
        var run = await SweepProcess.RunAsync("run", temp.WriteFile("small.yaml", TestSweeps.ThreeSeedsTwentyEpochs), "--store", temp.Store);
        var id = SweepId().Match(run.Output).Groups[1].Value;
        System.Diagnostics.Process? serve = null;
        try
        {
            (serve, var address) = await ServeAsync(temp.Store);
            using var http = new HttpClient { BaseAddress = address };
            var curves = JsonNode.Parse(await http.GetStringAsync($"api/sweeps/{id}/curves"))!["configurations"]!.AsArray();

            await using var chromium = await HeadlessChromium.OpenAsync(new Uri(address, $"sweeps/{id}"));
            await chromium.WaitForAsync("window.sweepFigures && window.sweepFigures.curves && document.querySelectorAll('#curves-plot .u-legend .u-series').length === 3", Patience);
            const int epoch = 7;
            var point = await chromium.EvaluateAsync<double[]>(
                $"(() => {{ const u = window.sweepFigures.curves; const r = u.over.getBoundingClientRect(); return [r.left + u.valToPos({epoch}, 'x'), r.top + r.height / 2]; }})()");
            await chromium.Page.Mouse.MoveAsync((decimal)point[0], (decimal)point[1]);
            await chromium.WaitForAsync($"{CurvesLegend}[0].querySelector('.u-value').textContent === '{epoch}'", Patience);
            var shown = await chromium.EvaluateAsync<string[]>($"{CurvesLegend}.map(s => s.querySelector('.u-value').textContent)");
            var labels = await chromium.EvaluateAsync<string[]>($"{CurvesLegend}.slice(1).map(s => s.querySelector('.u-label').textContent)");
            var picker = await chromium.EvaluateAsync<bool[]>("[...document.querySelectorAll('#curves-picker input')].map(b => b.checked)");

            Assert.Equal(0, run.ExitCode);
            Assert.Equal(2, curves.Count);
            Assert.Equal(
                [epoch.ToString(CultureInfo.InvariantCulture), .. curves.Select(c => $"{Fixed(c!["mean"]![epoch - 1]!)} ± {Fixed(c["std"]![epoch - 1]!)}")],
                shown);
            Assert.Equal(curves.Select(c => $"#{c!["rank"]} {c["label"]} (n=3)"), labels);
            Assert.Equal([true, true], picker);
            Assert.Equal(epoch, (int)curves[0]!["epochs"]![epoch - 1]!);
            Assert.True(chromium.Errors.Count == 0, string.Join("\n", chromium.Errors));
        }
        finally
        {
            await StopAsync(serve);
        }
    }

    // What the page shows of a number: four decimals, as JavaScript's toFixed(4).
    private static string Fixed(JsonNode value) => ((double)value).ToString("F4", CultureInfo.InvariantCulture);
}
