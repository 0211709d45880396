using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PuppeteerSharp;
using Sweep.Client.Tests.Support;
using Sweep.EndToEnd.Tests.Support;

namespace Sweep.EndToEnd.Tests.Web;

/// <summary><c>sweep serve</c> as a user runs it, beside a <c>sweep run</c>, its pages in headless Chromium.</summary>
public sealed partial class ServeTests
{
    // Trials of about half a second, one at a time (about 15 s in all), so that the page opens while the run goes on.
    private const string SlowSweep = """
        name: slow
        seeds: 16
        trial:
          dataset: {kind: circles, samples: 1000, noise: 0.1, random_state: 1, train_rows: 700}
          layers:
            - {type: dense, units: 64, activation: relu, activity_regularizer: {kind: none, l1: 0.01}}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 5000
        grid:
          layers.0.activity_regularizer.kind: [none, l1]
        """;

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [SkippableFact]
    public async Task SweepPage_WhileTheSweepRuns_GainsTrialsAndProgressWithoutAReload()
    {
        HeadlessChromium.SkipUnlessInstalled();
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("slow.yaml", SlowSweep);
        Process? run = null;
        Process? serve = null;

        // The browser starts before the run, so that the run's 32 trials need only outlast serve's start and one page load.
        await using var chromium = await HeadlessChromium.OpenAsync(new Uri("about:blank"));
        try
        {
            run = SweepProcess.Start("run", file, "--store", temp.Store, "--parallel", "1");
            var id = SweepId().Match(await run.StandardOutput.ReadLineAsync() ?? "").Groups[1].Value;
            var runOutput = run.StandardOutput.ReadToEndAsync();
            var runError = await WaitForFirstTrialAsync(run);
            (serve, var address) = await ServeAsync(temp.Store);

            await chromium.Page.GoToAsync(new Uri(address, $"sweeps/{id}").AbsoluteUri, WaitUntilNavigation.Load);
            await chromium.WaitForAsync("document.querySelectorAll('#ranking tbody tr').length === 2", Patience);
            await chromium.EvaluateAsync<bool>("window.__loaded = 'first load'; true");
            var first = await chromium.EvaluateAsync<int[]>(Counts);
            await ScreenshotAsync(chromium, "sweep-running.png");
            Assert.True(first[0] < 32, $"the run finished before the page opened ({first[0]}/32); the test needs slower trials");

            // Progress and trials as the events bring them, then the end, without a reload (which would drop the mark).
            await chromium.WaitForAsync($"window.__loaded === 'first load' && ({Counts})[0] > {first[0]} && ({Counts})[1] > {first[1]}", Patience);
            var later = await chromium.EvaluateAsync<int[]>(Counts);
            await chromium.WaitForAsync($"document.getElementById('state').textContent === 'completed' && ({Counts})[1] === 32", Patience);
            await run.WaitForExitAsync();
            await ScreenshotAsync(chromium, "sweep-done.png");

            Assert.True(run.ExitCode == 0, await runOutput + await runError);
            Assert.Equal("first load", await chromium.EvaluateAsync<string>("window.__loaded"));
            Assert.Equal("32/32 trials done", await chromium.EvaluateAsync<string>("document.getElementById('progress-text').textContent"));
            Assert.Equal(new[] { 32, 32 }, await chromium.EvaluateAsync<int[]>(Counts));
            Assert.True(later[0] > first[0] && later[1] > first[1], $"{string.Join('/', first)} then {string.Join('/', later)}");
            Assert.Equal(
                ["#", "configuration", "n", "test_accuracy (mean ± std)", "95% CI", "Δ vs baseline [95% CI]", "p (Holm)", "# by bound"],
                await chromium.EvaluateAsync<string[]>("[...document.querySelectorAll('#ranking thead th')].map(th => th.textContent)"));
            Assert.Equal(16, await chromium.EvaluateAsync<int>("Math.max(...[...document.querySelectorAll('#ranking tbody tr')].map(r => +r.cells[2].textContent))"));
            Assert.True(chromium.Errors.Count == 0, string.Join("\n", chromium.Errors));
        }
        finally
        {
            await StopAsync(serve);
            await StopAsync(run);
        }
    }

    [SkippableFact]
    public async Task Serve_AfterARun_ApiEqualsResultsJsonAndTheHomePageLinksTheSweep()
    {
        HeadlessChromium.SkipUnlessInstalled();
        using var temp = new TemporaryStore();
        var run = await SweepProcess.RunAsync("run", temp.WriteFile("small.yaml", TestSweeps.ThreeSeedsTwentyEpochs), "--store", temp.Store);
        var id = SweepId().Match(run.Output).Groups[1].Value;
        Process? serve = null;
        try
        {
            (serve, var address) = await ServeAsync(temp.Store, "--trace-url", "http://traces.example/trace/{trace_id}?from=sweep");
            using var http = new HttpClient { BaseAddress = address };
            var api = await http.GetStringAsync($"api/sweeps/{id}");
            var list = JsonNode.Parse(await http.GetStringAsync("api/sweeps"))!;
            var results = await SweepProcess.RunAsync("results", id, "--format", "json", "--store", temp.Store);

            await using var chromium = await HeadlessChromium.OpenAsync(address);
            await chromium.WaitForAsync("document.querySelectorAll('#sweeps tbody tr').length === 1", Patience);
            var link = await chromium.EvaluateAsync<string[]>("[...document.querySelectorAll('#sweeps tbody a')].map(a => `${a.getAttribute('href')} ${a.textContent}`)");
            var pace = await chromium.EvaluateAsync<string[]>("[...document.querySelectorAll('#sweeps tbody td')].slice(5, 7).map(td => td.textContent)");
            await chromium.Page.ClickAsync("#sweeps tbody a");
            await chromium.WaitForAsync("document.getElementById('progress-text').textContent === '6/6 trials done'", Patience);
            var sweepPage = chromium.Page.Url;

            // From the ranked table to a configuration, and from its seeds to a trial: each page filled from its JSON.
            var configurationLink = await chromium.EvaluateAsync<string>("document.querySelector('#ranking tbody a').getAttribute('href')");
            // The page redraws its tables on the sweep's event: a click in the page's own script cannot meet a replaced row.
            await chromium.EvaluateAsync<bool>("document.querySelector('#ranking tbody a').click(); true");
            await chromium.WaitForAsync("document.querySelectorAll('#seeds tbody tr').length === 3 && document.querySelectorAll('#statistics tbody tr').length > 0", Patience);
            var configurationPage = chromium.Page.Url;
            var trialLink = await chromium.EvaluateAsync<string>("document.querySelector('#seeds tbody a').getAttribute('href')");
            await chromium.EvaluateAsync<bool>("document.querySelector('#seeds tbody a').click(); true");
            await chromium.WaitForAsync("document.querySelectorAll('#history tbody tr').length === 20", Patience);
            var trial = await chromium.EvaluateAsync<string[]>(
                "[document.getElementById('trace').textContent, document.querySelectorAll('#attempts tbody tr').length + ' attempt', document.querySelector('#history thead th').textContent]");
            var trialJson = JsonNode.Parse(await http.GetStringAsync("api" + new Uri(chromium.Page.Url).AbsolutePath))!;
            var traceLink = await chromium.EvaluateAsync<string>("document.getElementById('trace-link')?.href ?? ''");

            Assert.Equal((0, 0), (run.ExitCode, results.ExitCode));
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(results.Output), JsonNode.Parse(api)), api);
            Assert.Equal(results.Output, api);
            Assert.Equal([(id, "completed", 6)], list["sweeps"]!.AsArray().Select(s => ((string)s!["id"]!, (string)s["state"]!, (int)s["completed"]!)));

            // The run's 6 trials ended after it started: a rate over the run, and nothing left to wait for.
            var rate = (double)list["sweeps"]![0]!["trials_per_second"]!;
            Assert.True(rate > 0, $"{rate} trials/s");
            Assert.Null(list["sweeps"]![0]!["eta_seconds"]);
            Assert.Equal("-", pace[1]);
            Assert.InRange(double.Parse(pace[0], System.Globalization.CultureInfo.InvariantCulture), rate * 0.995, rate * 1.005);
            Assert.Equal([$"/sweeps/{id} {id}"], link);
            Assert.Equal(new Uri(address, $"sweeps/{id}").AbsoluteUri, sweepPage);
            Assert.Matches($"^/sweeps/{id}/configurations/[0-9a-f]+$", configurationLink);
            Assert.Equal(new Uri(address, configurationLink).AbsoluteUri, configurationPage);
            Assert.Matches($"^/sweeps/{id}/trials/[0-9a-f]+/[0-9]+$", trialLink);
            Assert.Equal(new Uri(address, trialLink).AbsoluteUri, chromium.Page.Url);
            Assert.Equal([$"trace id: {(string?)trialJson["sweep"]!["trace_id"] ?? "-"}", "1 attempt", "epoch"], trial);
            Assert.Equal(trialJson["sweep"]!["trace_id"] is { } traceId ? $"http://traces.example/trace/{traceId}?from=sweep" : "", traceLink);
            Assert.True(chromium.Errors.Count == 0, string.Join("\n", chromium.Errors));
            Assert.Equal(0, await InterruptAsync(serve));
        }
        finally
        {
            await StopAsync(serve);
        }
    }

    // How far the page says the sweep is (its progress text's count) and how many finished trials its table shows.
    private const string Counts = "[parseInt(document.getElementById('progress-text').textContent) || 0, document.querySelectorAll('#trials tbody tr').length]";

    /// <summary>
    /// Writes the page's full-page screenshot (1280 px wide) into the folder <c>SWEEP_WRITE_SCREENSHOTS</c> names, for the
    /// README, once its trials are shown; nothing where it is unset.
    /// </summary>
    private static async Task ScreenshotAsync(ChromiumSession chromium, string name)
    {
        if (Environment.GetEnvironmentVariable("SWEEP_WRITE_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await chromium.WaitForAsync("document.querySelectorAll('#trials tbody tr').length > 0", Patience);
            await chromium.Page.ScreenshotAsync(Path.Combine(folder, name), new PuppeteerSharp.ScreenshotOptions { Type = PuppeteerSharp.ScreenshotType.Png, FullPage = true });
        }
    }

    /// <summary>Starts <c>sweep serve</c> (with <paramref name="options"/>) on a free port and reads the address it prints; its output is drained after that.</summary>
    private static async Task<(Process Serve, Uri Address)> ServeAsync(string store, params string[] options)
    {
        var serve = SweepProcess.Start(["serve", "--store", store, "--port", "0", .. options]);
        var error = serve.StandardError.ReadToEndAsync();
        var line = await serve.StandardOutput.ReadLineAsync().WaitAsync(Patience) ?? "";
        var match = Serving().Match(line);
        Assert.True(match.Success, $"serve printed '{line}'{(serve.HasExited ? $", then ended: {await error}" : "")}");
        _ = serve.StandardOutput.ReadToEndAsync();
        return (serve, new Uri(match.Groups[1].Value));
    }

    /// <summary>Reads the run's progress lines (plain, on its redirected stderr) until a trial has finished, so that its store has it; returns the rest.</summary>
    private static async Task<Task<string>> WaitForFirstTrialAsync(Process run)
    {
        while (await run.StandardError.ReadLineAsync() is { } line)
        {
            if (Progress().Match(line) is { Success: true } match && match.Groups[1].Value != "0")
            {
                return run.StandardError.ReadToEndAsync();
            }
        }

        throw new InvalidOperationException("the run ended before any trial finished");
    }

    /// <summary>Sends Ctrl+C's signal to <paramref name="process"/> and waits for its exit code.</summary>
    private static async Task<int> InterruptAsync(Process process)
    {
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    private static async Task StopAsync(Process? process)
    {
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    [GeneratedRegex(@"^serving (http://127\.0\.0\.1:\d+/) \(Ctrl\+C stops\)$")]
    private static partial Regex Serving();

    [GeneratedRegex(@"^trials (\d+)/")]
    private static partial Regex Progress();

    [GeneratedRegex(@"sweep ((?:small|slow)-[0-9a-f]{8})")]
    private static partial Regex SweepId();
}
