using System.Text.Json.Nodes;
using Sweep.Client.Tests.Support;
using Sweep.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Sweep.EndToEnd.Tests.Cluster;

/// <summary>Real processes: Redis, three silos, and separate client processes, as a user would run them.</summary>
public sealed class ClusterTests(ITestOutputHelper output)
{
    private const string Grid = """
        name: cluster
        seeds: 6
        trial:
          dataset: {kind: circles, samples: 100, noise: 0.1, random_state: 1, train_rows: 30}
          layers:
            - {type: dense, units: 32, activation: relu, activity_regularizer: {kind: none, l1: 0.001}}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 2000
        grid:
          layers.0.activity_regularizer.kind: [none, l1, l2]
          layers.0.activity_regularizer.placement: [before, after]
        """;

    private const string Slow = """
        name: slow
        seeds: 20
        trial:
          dataset: {kind: circles, samples: 100, noise: 0.1, random_state: 2, train_rows: 30}
          layers:
            - {type: dense, units: 8, activation: relu}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 500000
        """;

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Submit_ThreeSilosOnRedis_RunsEveryTrialOnceWithinLimitsAsEmbedded(string resultsStore)
    {
        LocalCluster.SkipUnlessInstalled();
        if (resultsStore == "postgres")
        {
            Grains.Tests.Support.PostgresServer.SkipUnlessInstalled();
        }

        using var temp = new TemporaryStore();
        var file = temp.WriteFile("cluster.yaml", Grid);
        JsonNode clustered;
        (int ExitCode, string Output, string Error) best, again, resultsAfter, wrongId, unknown;
        string dashboardPage, webResults, webPage, webTrialPage;
        JsonNode dashboardCounters;
        await using (var cluster = await LocalCluster.StartAsync(
            3,
            Path.Combine(temp.Root, "cluster"),
            maxTrials: 1,
            dashboard: true,
            web: true,
            siloSettings: new Dictionary<string, string> { ["Sweep__Silo__WebAllowCancel"] = "true", ["Sweep__Silo__WebTraceUrl"] = "http://traces.example/trace/{trace_id}" },
            results: resultsStore))
        {
            using (var http = new HttpClient { BaseAddress = cluster.Dashboard })
            {
                dashboardPage = await http.GetStringAsync("");
                dashboardCounters = await DashboardCountersAsync(http, hosts: 3);
            }

            var submit = await SweepProcess.RunAsync("submit", file, "--cluster", cluster.Redis, "--wait");
            Assert.True(submit.ExitCode == 0, submit.Error);
            var id = submit.Output.Split('\n')[0].Trim();
            var results = await SweepProcess.RunAsync("results", id, "--format", "json", "--cluster", cluster.Redis);
            best = await SweepProcess.RunAsync("best", id, "--top", "1", "--cluster", cluster.Redis);
            again = await SweepProcess.RunAsync("submit", file, "--cluster", cluster.Redis);
            resultsAfter = await SweepProcess.RunAsync("results", id, "--format", "json", "--cluster", cluster.Redis);
            wrongId = await SweepProcess.RunAsync("list", "--cluster", cluster.Redis, "--cluster-id", "no-such-cluster");
            unknown = await SweepProcess.RunAsync("status", "no-such-sweep", "--cluster", cluster.Redis);
            Assert.True(results.ExitCode == 0, results.Error);
            clustered = JsonNode.Parse(results.Output)!;
            Assert.Equal(results.Output, resultsAfter.Output);

            // The first silo serves the web UI of sweep serve (Sweep:Silo:WebPort), reading the cluster as --cluster does.
            using (var http = new HttpClient { BaseAddress = cluster.Web })
            {
                webResults = await http.GetStringAsync($"api/sweeps/{id}");
                webPage = await http.GetStringAsync($"sweeps/{id}");
                var first = JsonNode.Parse(await http.GetStringAsync($"api/sweeps/{id}/trials?limit=1"))!["trials"]![0]!;
                webTrialPage = await http.GetStringAsync($"sweeps/{id}/trials/{first["configuration_id"]}/{first["seed"]}");
            }

            // Commands that only read open the cluster's results store, which the silos publish in Redis: they answer
            // the same with every silo dead.
            await cluster.KillAsync();
            var resultsDead = await SweepProcess.RunAsync("results", id, "--format", "json", "--cluster", cluster.Redis);
            var bestDead = await SweepProcess.RunAsync("best", id, "--top", "1", "--cluster", cluster.Redis);
            var listDead = await SweepProcess.RunAsync("list", "--cluster", cluster.Redis);
            Assert.True(resultsDead.ExitCode == 0, resultsDead.Error);
            Assert.Equal(results.Output, resultsDead.Output);
            Assert.Equal((0, best.Output), (bestDead.ExitCode, bestDead.Output));
            Assert.True(listDead.ExitCode == 0, listDead.Error);
            Assert.Contains(id, listDead.Output, StringComparison.Ordinal);

            // Commands that need a silo say at once that none answers: the dead silos are still registered, and the
            // client would otherwise try them for minutes.
            foreach (var command in new[] { new[] { "cancel", id }, ["submit", file], ["watch", id] })
            {
                var dead = await SweepProcess.RunAsync([.. command, "--cluster", cluster.Redis]);
                Assert.Equal(2, dead.ExitCode);
                Assert.Matches(@"^sweep: no silo of cluster 'sweep' answers through Redis at \S+: its 3 registered gateway\(s\) \(.+\) refuse connections or do not answer within 3 s; start the cluster's silos again$", OneLine(dead.Error));
            }
        }

        var run = await SweepProcess.RunAsync("run", file, "--store", temp.Store);
        var embeddedResults = await SweepProcess.RunAsync("results", (string)clustered["sweep"]!["id"]!, "--format", "json", "--store", temp.Store);
        var embedded = JsonNode.Parse(embeddedResults.Output)!;

        // Every (configuration, seed) completed exactly once.
        var trials = clustered["trials"]!.AsArray().Select(t => t!).ToArray();
        Assert.Equal(30, trials.Length);
        Assert.Equal(30, trials.Select(t => $"{t["configuration_id"]}-{t["seed"]}").Distinct().Count());
        Assert.All(trials, t => Assert.Equal("completed", (string)t["state"]!));

        await LocalCluster.ExplainFailureAsync(Path.Combine(temp.Root, "cluster"), output, () =>
        {
            // Each silo trained at least one trial and never two at once (its limit is 1).
            var bySilo = trials.GroupBy(t => (string)t["silo"]!).ToArray();
            Assert.Equal(3, bySilo.Length);
            foreach (var silo in bySilo)
            {
                var spans = silo.Select(t => ((DateTimeOffset)t["started"]!, (DateTimeOffset)t["finished"]!)).OrderBy(s => s.Item1).ToArray();
                Assert.All(spans.Zip(spans.Skip(1)), pair => Assert.True(pair.Second.Item1 >= pair.First.Item2, $"{silo.Key} ran two trials at once: {pair.First} and {pair.Second}"));
            }

            return Task.CompletedTask;
        });

        // A second client process sees the same ranking; the aggregates equal an embedded run's.
        Assert.Equal(0, best.ExitCode);
        Assert.Contains((string)clustered["configurations"]![0]!["label"]!, best.Output, StringComparison.Ordinal);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Aggregates(embedded), Aggregates(clustered));

        // A second submit of the same sweep is refused and changes nothing (the results above were read before and after it).
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("was already submitted", again.Error, StringComparison.Ordinal);

        // The silo's web UI gives what results --format json gives, and the sweep's page.
        Assert.Equal(clustered.ToJsonString(), JsonNode.Parse(webResults)!.ToJsonString());
        Assert.Contains($"<title>{(string)clustered["sweep"]!["id"]!} · Sweep</title>", webPage, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/static/cancel.js\" defer></script>", webPage, StringComparison.Ordinal);
        Assert.Contains(" data-trace-url=\"http://traces.example/trace/{trace_id}\"", webTrialPage, StringComparison.Ordinal);

        // The first silo serves the Orleans Dashboard, which sees the whole cluster.
        Assert.Contains("<title>Orleans Dashboard</title>", dashboardPage, StringComparison.Ordinal);
        Assert.Equal(3, (int)dashboardCounters["totalActiveHostCount"]!);

        // A wrong cluster id and an unknown sweep id are named.
        Assert.Equal(2, wrongId.ExitCode);
        Assert.StartsWith("sweep: Redis at ", OneLine(wrongId.Error), StringComparison.Ordinal);
        Assert.Contains(" holds no data of cluster 'no-such-cluster': no silo is registered", OneLine(wrongId.Error), StringComparison.Ordinal);
        Assert.EndsWith("Otherwise pass the cluster's --cluster-id", OneLine(wrongId.Error), StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Equal("sweep: no sweep with id 'no-such-sweep' (sweep list shows the sweeps in this store)", OneLine(unknown.Error));
    }

    [SkippableFact]
    public async Task Retry_FailedTrialsOfAClusterSweep_AreTrainedAgainAndTheCompletedStand()
    {
        LocalCluster.SkipUnlessInstalled();

        // The long configuration fails at its time limit, the short one completes.
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("retry.yaml", """
            name: retry
            seeds: 3
            trial_time_limit: 1
            trial:
              dataset: {kind: circles, samples: 100, noise: 0.1, random_state: 1, train_rows: 30}
              layers:
                - {type: dense, units: 8, activation: relu}
                - {type: dense, units: 1, activation: sigmoid}
              epochs: 10
            grid:
              epochs: [10, 1000000]
            """);
        await using var cluster = await LocalCluster.StartAsync(2, Path.Combine(temp.Root, "cluster"), maxTrials: 1);
        var submit = await SweepProcess.RunAsync("submit", file, "--cluster", cluster.Redis, "--wait");
        var id = submit.Output.Split('\n')[0].Trim();
        var first = JsonNode.Parse((await SweepProcess.RunAsync("results", id, "--format", "json", "--cluster", cluster.Redis)).Output)!;

        var retry = await SweepProcess.RunAsync("retry", id, "--cluster", cluster.Redis, "--wait");
        var second = JsonNode.Parse((await SweepProcess.RunAsync("results", id, "--format", "json", "--cluster", cluster.Redis)).Output)!;

        Assert.Equal(1, submit.ExitCode);
        Assert.Equal(1, retry.ExitCode);
        Assert.Contains($"sweep {id}: 3 failed and 0 never run trials to train again", retry.Error, StringComparison.Ordinal);
        Assert.Contains("3 trials failed: stopped at the time limit of 1 s (trial_time_limit)", retry.Error, StringComparison.Ordinal);
        static Dictionary<string, (string State, int Attempts, string Started)> Trials(JsonNode results) =>
            results["trials"]!.AsArray().ToDictionary(t => $"{t!["configuration_id"]}-{t["seed"]}", t => ((string)t!["state"]!, t["attempts"]!.AsArray().Count, (string)t["started"]!));
        var (before, after) = (Trials(first), Trials(second));
        Assert.Equal(6, after.Count);
        foreach (var (key, trial) in before)
        {
            // A completed trial stands as it was; a failed one was tried once more, its first attempt kept in its log.
            Assert.Equal(trial.State == "completed" ? trial : ("failed", 2, after[key].Started), after[key]);
        }

        Assert.Equal(3, before.Values.Count(t => t.State == "completed"));
    }

    [SkippableFact]
    public async Task Cancel_RunningClusterSweep_StopsItsTrialsAndKeepsItCancelled()
    {
        LocalCluster.SkipUnlessInstalled();

        using var temp = new TemporaryStore();
        var file = temp.WriteFile("slow.yaml", Slow);
        await using var cluster = await LocalCluster.StartAsync(2, Path.Combine(temp.Root, "cluster"), maxTrials: 1);
        var submit = await SweepProcess.RunAsync("submit", file, "--cluster", cluster.Redis);
        Assert.True(submit.ExitCode == 0, submit.Error);
        var id = submit.Output.Trim();

        var cancel = await SweepProcess.RunAsync("cancel", id, "--cluster", cluster.Redis);
        var status = await SweepProcess.RunAsync("status", id, "--cluster", cluster.Redis);
        var watch = await SweepProcess.RunAsync("watch", id, "--cluster", cluster.Redis);
        var cancelAgain = await SweepProcess.RunAsync("cancel", id, "--cluster", cluster.Redis);

        // Trials take minutes each, so none completed; the two that were running (one per silo) stopped.
        Assert.True(cancel.ExitCode == 0, cancel.Error);
        Assert.Matches($"^sweep {id} cancelled: 0 completed, 0 failed, [0-2] running trials stopped, 20 not run$", cancel.Output.Trim());
        Assert.Matches(@"state\s+cancelled", status.Output);
        Assert.Contains("20: 0 completed, 0 failed, 0 diverged, 20 not run", status.Output, StringComparison.Ordinal);
        Assert.Equal(1, watch.ExitCode);
        Assert.StartsWith($"sweep {id} cancelled: 0/20 trials done, 0 running", watch.Output, StringComparison.Ordinal);
        Assert.Equal($"sweep {id} was already cancelled: 0 completed, 0 failed, 20 not run", cancelAgain.Output.Trim());
    }

    [SkippableFact]
    public async Task Submit_CsvSweep_SilosTrainOnTheSentCopyAfterTheFileIsGone()
    {
        LocalCluster.SkipUnlessInstalled();

        using var temp = new TemporaryStore();
        var export = await SweepProcess.RunAsync("dataset", "moons", "samples=120", "noise=0.2", "random_state=4", "--out", Path.Combine(temp.Root, "moons.csv"));
        Assert.True(export.ExitCode == 0, export.Error);

        // A column the model does not read makes the file new to every run, so no silo has a copy of it from an earlier one.
        var tag = Guid.NewGuid().ToString("N");
        var lines = File.ReadAllLines(Path.Combine(temp.Root, "moons.csv")).Select((line, i) => $"{line},{(i == 0 ? "tag" : tag)}");
        File.WriteAllLines(Path.Combine(temp.Root, "moons.csv"), lines);
        var file = temp.WriteFile("csv.yaml", """
            name: csv
            seeds: 4
            trial:
              dataset: {kind: csv, path: moons.csv, features: [x0, x1], train_rows: 40}
              layers:
                - {type: dense, units: 12, activation: relu}
                - {type: dense, units: 1, activation: sigmoid}
              epochs: 2000
              backend: torch
            grid:
              layers.0.units: [12, 13]
            """);
        JsonNode clustered;
        string submitError;
        (int ExitCode, string Output, string Error) plot;
        int clientCopies;
        await using (var cluster = await LocalCluster.StartAsync(2, Path.Combine(temp.Root, "cluster"), maxTrials: 1))
        {
            var submit = await SweepProcess.RunAsync("submit", file, "--cluster", cluster.Redis);
            Assert.True(submit.ExitCode == 0, submit.Error);
            submitError = submit.Error;

            // 8 trials of about half a second on 2 slots: at least 6 start after the file is gone from its path.
            var csv = File.ReadAllBytes(Path.Combine(temp.Root, "moons.csv"));
            File.Delete(Path.Combine(temp.Root, "moons.csv"));
            var id = submit.Output.Trim();
            await SweepProcess.RunAsync("watch", id, "--cluster", cluster.Redis);
            var results = await SweepProcess.RunAsync("results", id, "--format", "json", "--cluster", cluster.Redis);

            // A client with a cache of its own, so that its copy comes from the cluster, not from the silos' folder.
            var clientTemp = Directory.CreateDirectory(Path.Combine(temp.Root, "client-cache")).FullName;
            plot = await SweepProcess.RunWithAsync(
                new Dictionary<string, string> { ["XDG_CACHE_HOME"] = clientTemp },
                "plot", id, "--kind", "data", "--out", Path.Combine(temp.Root, "moons.png"), "--cluster", cluster.Redis);
            clientCopies = Directory.GetFiles(clientTemp, "*.csv", SearchOption.AllDirectories).Length;
            File.WriteAllBytes(Path.Combine(temp.Root, "moons.csv"), csv);
            clustered = JsonNode.Parse(results.Output)!;
        }

        var run = await SweepProcess.RunAsync("run", file, "--store", temp.Store);
        var embedded = JsonNode.Parse((await SweepProcess.RunAsync("results", (string)clustered["sweep"]!["id"]!, "--format", "json", "--store", temp.Store)).Output)!;

        Assert.All(clustered["trials"]!.AsArray(), t => Assert.Equal("completed", (string)t!["state"]!));
        Assert.Equal(8, clustered["trials"]!.AsArray().Count);
        Assert.Matches(@"^sent .*moons\.csv \(\d+(\.\d)? KiB\) with the sweep$", submitError.Split('\n')[0].Trim());

        // A client draws the data from the same copy.
        Assert.True(plot.ExitCode == 0, plot.Error);
        Assert.Equal(1, clientCopies);
        Assert.True(new FileInfo(Path.Combine(temp.Root, "moons.png")).Length > 10_000);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Aggregates(embedded), Aggregates(clustered));
    }

    [Fact]
    public async Task Cluster_UnreachableRedis_SaysSoAndExitsNonZero()
    {
        var list = await SweepProcess.RunAsync("list", "--cluster", "127.0.0.1:1");

        Assert.Equal(2, list.ExitCode);
        Assert.Equal("sweep: cannot reach Redis at 127.0.0.1:1 (--cluster or $SWEEP_CLUSTER)", string.Join(" ", list.Error.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
    }

    /// <summary>
    /// The dashboard refreshes its counters every second and answers 500 until its first refresh;
    /// read them until they show the cluster, for at most a minute.
    /// </summary>
    private static async Task<JsonNode> DashboardCountersAsync(HttpClient http, int hosts)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using var response = await http.GetAsync("DashboardCounters");
            if (clock.Elapsed > TimeSpan.FromMinutes(1))
            {
                response.EnsureSuccessStatusCode();
            }

            if (response.IsSuccessStatusCode)
            {
                var counters = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                if ((int)counters["totalActiveHostCount"]! == hosts || clock.Elapsed > TimeSpan.FromMinutes(1))
                {
                    return counters;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    private static string OneLine(string text) => string.Join(" ", text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    private static string[] Aggregates(JsonNode results) => results["configurations"]!.AsArray()
        .Select(c => $"{c!["id"]} {c["metrics"]!["test_accuracy"]!.ToJsonString()} {c["metrics"]!["train_loss"]!.ToJsonString()}")
        .Order(StringComparer.Ordinal)
        .ToArray();
}
