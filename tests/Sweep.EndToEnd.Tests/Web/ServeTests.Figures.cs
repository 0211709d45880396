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
            await HoverAsync(chromium, "curves", epoch, $"{CurvesLegend}[0].querySelector('.u-value').textContent === '{epoch}'");
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

    // The legend rows of the coefficient and sparsity plots, and each one's value text.
    private static string Legend(string figure) => $"[...document.querySelectorAll('#{figure}-plot .u-legend .u-series')].map(s => s.querySelector('.u-value').textContent)";

    [SkippableFact]
    public async Task Coefficients_HoverAtACoefficient_ShowsEachSeriesMeanAndIntervalOfTheFiguresJson()
    {
        await WithSmallSweepPageAsync(async (chromium, figures) =>
        {
            var series = figures["coefficients"]!["series"]!.AsArray();
            var coefficient = (double)series[0]!["points"]![0]!["coefficient"]!;
            await chromium.WaitForAsync($"window.sweepFigures.coefficients && document.querySelectorAll('#coefficients-plot .u-legend .u-series').length === {series.Count + 1}", Patience);

            await HoverAsync(chromium, "coefficients", coefficient, $"{Legend("coefficients")}[0] === '{coefficient.ToString(CultureInfo.InvariantCulture)}'");
            var shown = await chromium.EvaluateAsync<string[]>(Legend("coefficients"));

            Assert.Null(figures["coefficients"]!["note"]);
            Assert.Equal(
                [coefficient.ToString(CultureInfo.InvariantCulture), .. series.Select(s => s!["points"]!.AsArray().FirstOrDefault(p => (double)p!["coefficient"]! == coefficient) is { } p
                    ? $"#{p["rank"]} {Fixed(p["summary"]!["mean"]!)} [{Fixed(p["summary"]!["ci95_low"]!)}, {Fixed(p["summary"]!["ci95_high"]!)}]"
                    : "-")],
                shown);
        });
    }

    [SkippableFact]
    public async Task Sparsity_HoverAtATrial_ShowsItsTestAccuracyOfTheFiguresJson()
    {
        await WithSmallSweepPageAsync(async (chromium, figures) =>
        {
            var configurations = figures["sparsity"]!["x"]!["zero_fraction"]!["configurations"]!.AsArray();
            var dots = configurations.SelectMany((c, s) => c!["x"]!.AsArray().Select((x, k) => (X: (double)x!, Y: c["y"]![k]!, Series: s))).ToArray();

            // The trial farthest from any other along x, so that the cursor's pixel cannot land nearer another.
            var dot = dots.MaxBy(d => dots.Where(o => o != d).Min(o => Math.Abs(o.X - d.X)));
            await chromium.WaitForAsync($"window.sweepFigures.sparsity && document.querySelectorAll('#sparsity-plot .u-legend .u-series').length === {configurations.Count + 1}", Patience);

            await HoverAsync(chromium, "sparsity", dot.X, $"{Legend("sparsity")}[0] === '{Fixed(dot.X)}'");
            var shown = await chromium.EvaluateAsync<string[]>(Legend("sparsity"));

            Assert.Equal(6, dots.Length);
            Assert.Equal([Fixed(dot.X), .. configurations.Select((_, s) => s == dot.Series ? Fixed(dot.Y) : "-")], shown);
        });
    }

    [SkippableFact]
    public async Task Settings_HoverAndClickALine_ShowsItsValuesAndDropsItFromThePicked()
    {
        await WithSmallSweepPageAsync(async (chromium, figures) =>
        {
            var settings = figures["settings"]!;
            var line = settings["configurations"]![0]!;
            await chromium.WaitForAsync("window.sweepFigures.settings && document.querySelector(`#curves-picker input[value='" + line["id"] + "']`)?.checked === true", Patience);

            var point = await chromium.EvaluateAsync<double[]>("document.getElementById('settings-plot').scrollIntoView({ block: 'center' }), window.sweepFigures.settings.point(window.sweepFigures.settings.lines[0], 0)");
            await chromium.Page.Mouse.MoveAsync((decimal)point[0], (decimal)point[1]);
            await chromium.WaitForAsync("document.getElementById('settings-readout').textContent !== ''", Patience);
            var readout = await chromium.EvaluateAsync<string>("document.getElementById('settings-readout').textContent");
            await chromium.Page.Mouse.ClickAsync((decimal)point[0], (decimal)point[1]);
            await chromium.WaitForAsync("document.querySelector(`#curves-picker input[value='" + line["id"] + "']`).checked === false", Patience);

            Assert.Equal(["kind category l1,none"], settings["axes"]!.AsArray().Select(a => $"{a!["name"]} {a["scale"]} {string.Join(',', a["categories"]!.AsArray().Select(c => (string)c!))}"));
            Assert.Equal($"#1 {line["label"]}: kind {line["values"]![0]}, test_accuracy (mean) {Fixed(line["mean"]!)} (n=3)", readout);
        });
    }

    // Runs the small sweep, serves its store, and opens its page with its figures' JSON; the page's console stays clean.
    private static async Task WithSmallSweepPageAsync(Func<ChromiumSession, JsonNode, Task> test)
    {
        HeadlessChromium.SkipUnlessInstalled();
        using var temp = new TemporaryStore();
        var run = await SweepProcess.RunAsync("run", temp.WriteFile("small.yaml", TestSweeps.ThreeSeedsTwentyEpochs), "--store", temp.Store);
        Assert.Equal(0, run.ExitCode);
        var id = SweepId().Match(run.Output).Groups[1].Value;
        System.Diagnostics.Process? serve = null;
        try
        {
            (serve, var address) = await ServeAsync(temp.Store);
            using var http = new HttpClient { BaseAddress = address };
            var figures = JsonNode.Parse(await http.GetStringAsync($"api/sweeps/{id}/figures"))!;
            await using var chromium = await HeadlessChromium.OpenAsync(new Uri(address, $"sweeps/{id}"));
            await test(chromium, figures);
            Assert.True(chromium.Errors.Count == 0, string.Join("\n", chromium.Errors));
        }
        finally
        {
            await StopAsync(serve);
        }
    }

    // Moves the mouse over a uPlot figure of window.sweepFigures at x value x, halfway down (scrolled into view: the
    // browser sends no pointer event for a point outside its window), until the page shows what <paramref name="shown"/>
    // checks. While the page settles, the configurations the curves pick change and the figures are drawn again, which
    // drops a hover: the mouse then leaves and comes again to the new plot.
    private static async Task HoverAsync(ChromiumSession chromium, string figure, double x, string shown)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var point = await chromium.EvaluateAsync<double[]>(
                $"(() => {{ const u = window.sweepFigures.{figure}; u.over.scrollIntoView({{ block: 'center' }}); const r = u.over.getBoundingClientRect(); return [r.left + u.valToPos({x.ToString("R", CultureInfo.InvariantCulture)}, 'x'), r.top + r.height / 2]; }})()");
            await chromium.Page.Mouse.MoveAsync(0, 0);
            await chromium.Page.Mouse.MoveAsync((decimal)point[0], (decimal)point[1]);
            try
            {
                await chromium.WaitForAsync(shown, TimeSpan.FromSeconds(3));
                return;
            }
            catch (PuppeteerSharp.WaitTaskTimeoutException) when (DateTime.UtcNow < deadline)
            {
                // Drawn again since: hover the new plot.
            }
        }
    }

    private static string Fixed(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    // What the page shows of a number: four decimals, as JavaScript's toFixed(4).
    private static string Fixed(JsonNode value) => ((double)value).ToString("F4", CultureInfo.InvariantCulture);
}
