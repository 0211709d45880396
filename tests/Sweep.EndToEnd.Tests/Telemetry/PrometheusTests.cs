using System.Diagnostics;
using System.Text.Json.Nodes;
using Sweep.Client.Tests.Support;
using Sweep.EndToEnd.Tests.Support;

namespace Sweep.EndToEnd.Tests.Telemetry;

/// <summary>A real Prometheus server scrapes a silo of a real cluster while it runs a sweep.</summary>
public sealed class PrometheusTests
{
    /// <summary>.ci/run sets this after installing Debian's prometheus, so that CI always runs this test.</summary>
    public const string RequireVariable = "SWEEP_REQUIRE_PROMETHEUS";

    private const string Grid = """
        name: scraped
        seeds: 3
        trial:
          dataset: {kind: circles, samples: 100, noise: 0.1, random_state: 6, train_rows: 30}
          layers:
            - {type: dense, units: 8, activation: relu}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 200
        grid:
          layers.0.units: [8, 16]
        """;

    private static bool Installed => File.Exists("/usr/bin/prometheus");

    [SkippableFact]
    public async Task Prometheus_ScrapingASilo_SeesTheCompletedTrialsCounter()
    {
        Assert.True(Installed || Environment.GetEnvironmentVariable(RequireVariable) != "1", $"{RequireVariable}=1 but prometheus is not installed");
        LocalCluster.SkipUnlessInstalled();
        Skip.IfNot(Installed, "prometheus is not installed (apt-get install prometheus; .ci/run installs it)");

        using var temp = new TemporaryStore();
        var file = temp.WriteFile("scraped.yaml", Grid);
        var metricsPort = LocalCluster.FreePort();
        var prometheusPort = LocalCluster.FreePort();
        var config = temp.WriteFile("prometheus.yml", $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: sweep
                static_configs:
                  - targets: ['127.0.0.1:{metricsPort}']
            """);
        var settings = new Dictionary<string, string> { ["Sweep__Silo__PrometheusPort"] = $"{metricsPort}" };
        await using var cluster = await LocalCluster.StartAsync(1, Path.Combine(temp.Root, "cluster"), maxTrials: 2, siloSettings: settings);
        using var prometheus = Process.Start(new ProcessStartInfo(
            "/usr/bin/prometheus",
            [$"--config.file={config}", $"--storage.tsdb.path={Path.Combine(temp.Root, "tsdb")}", $"--web.listen-address=127.0.0.1:{prometheusPort}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        try
        {
            var submit = await SweepProcess.RunAsync("submit", file, "--cluster", cluster.Redis, "--wait");
            Assert.True(submit.ExitCode == 0, submit.Error);

            // Prometheus has no push signal: ask its HTTP API until a scrape after the sweep's end has arrived, for at most a minute.
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{prometheusPort}/") };
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            // The sweep counts its outcomes after the trials count themselves, so progress 1 comes last.
            string? progress = null;
            while (progress != "1")
            {
                await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token);
                progress = await QueryAsync(http, "max(sweep_progress)");
            }

            Assert.Equal("6", await QueryAsync(http, "sum(sweep_trials_completed_total)"));
            Assert.Equal("6", await QueryAsync(http, "sum(sweep_trials_started_total)"));
            Assert.Equal("6", await QueryAsync(http, "sum(sweep_trial_duration_seconds_count)"));
            Assert.Equal($"{6 * 199}", await QueryAsync(http, "sum(sweep_epoch_duration_seconds_count)"));
            Assert.Equal("0", await QueryAsync(http, "sum(sweep_trials_running)"));
            Assert.Equal("0", await QueryAsync(http, "sum(sweep_trials_pending)"));
        }
        finally
        {
            prometheus.Kill();
            await prometheus.WaitForExitAsync();
        }
    }

    /// <summary>The value of an instant query with one result, or null while Prometheus has none.</summary>
    private static async Task<string?> QueryAsync(HttpClient http, string query)
    {
        try
        {
            var answer = JsonNode.Parse(await http.GetStringAsync($"api/v1/query?query={Uri.EscapeDataString(query)}"))!;
            var result = answer["data"]!["result"]!.AsArray();
            return result.Count == 1 ? (string?)result[0]!["value"]![1] : null;
        }
        catch (HttpRequestException)
        {
            // Prometheus is still starting.
            return null;
        }
    }
}
