using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sweep.Client.Tests.Support;
using Sweep.EndToEnd.Tests.Cli;
using Sweep.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Sweep.EndToEnd.Tests.Faults;

/// <summary>
/// Real processes: silos killed with SIGKILL in the middle of a trial, one of them or all of them
/// (then started again on the same Redis), and the PostgreSQL results store stopped mid-sweep. Every
/// trial completes once, with the numbers of an embedded run, and only the trials that were training
/// at a kill are trained again.
/// </summary>
public sealed partial class SiloFailureTests(ITestOutputHelper output)
{
    // TorchSharp trials of about a second each, so that a silo can be killed in the middle of one.
    private const string Grid = """
        name: failure
        seeds: 6
        trial:
          dataset: {kind: circles, samples: 100, noise: 0.1, random_state: 5, train_rows: 30}
          layers:
            - {type: dense, units: 32, activation: relu}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 3000
          backend: torch
        grid:
          layers.0.activity_regularizer.kind: [none, l2]
        """;

    private const string Interrupted = "interrupted: its silo was lost";

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task KillOneSilo_MidTrial_OnlyThatTrialIsTrainedAgainAndResultsEqualEmbedded(string results)
    {
        LocalCluster.SkipUnlessInstalled();
        if (results == "postgres")
        {
            Grains.Tests.Support.PostgresServer.SkipUnlessInstalled();
        }

        using var temp = new TemporaryStore();
        var file = temp.WriteFile("failure.yaml", Grid);
        JsonNode stored;
        DateTimeOffset killed;
        string victim;
        await using (var cluster = await LocalCluster.StartAsync(3, Path.Combine(temp.Root, "cluster"), maxTrials: 1, results: results))
        {
            var id = await SubmitAsync(file, cluster);
            victim = $"S127.0.0.1:{cluster.SiloPort + 1}:";
            using var watch = SweepProcess.Start("watch", id, "--cluster", cluster.Redis);
            killed = await KillWhenSiloStartsATrialAsync(watch, victim, () => cluster.KillAsync(1));
            await watch.StandardOutput.ReadToEndAsync();
            await watch.WaitForExitAsync();
            Assert.Equal(0, watch.ExitCode);
            stored = await ResultsAsync(id, cluster);
        }

        await LocalCluster.ExplainFailureAsync(Path.Combine(temp.Root, "cluster"), output, async () =>
        {
            // The sweep completed, so the trial handed to the killed silo was handed out again. If its attempt
            // had started there (it almost always has: the kill follows the lease by a process start), it is
            // logged as interrupted, and that trial was trained twice. A silo's slot takes its next trial while the
            // last one's result is stored, so a kill in that moment loses both: at most two per slot.
            var trials = Trials(stored);
            WriteAttempts(trials);
            AssertEveryTrialOnce(trials);
            var interrupted = trials.SelectMany(Attempts).Where(a => (string?)a["error"] == Interrupted).ToArray();
            var retrained = trials.Where(t => Attempts(t).Length > 1).ToArray();
            Assert.InRange(interrupted.Length, 0, 2);
            Assert.Equal(interrupted.Length, retrained.Length);
            foreach (var again in retrained)
            {
                var attempts = Attempts(again);
                Assert.Equal(2, attempts.Length);
                Assert.Equal(Interrupted, (string?)attempts[0]["error"]);
                Assert.StartsWith(victim, (string)attempts[0]["silo"]!, StringComparison.Ordinal);
                Assert.True((DateTimeOffset)attempts[0]["started"]! < killed);
                Assert.DoesNotContain(victim, (string)attempts[1]["silo"]!, StringComparison.Ordinal);
                output.WriteLine($"the killed silo's trial started again {((DateTimeOffset)attempts[1]["started"]! - killed).TotalSeconds:F1} s after the kill");
            }

            await AssertAggregatesEqualEmbeddedAsync(temp, file, stored);
        });
    }

    [SkippableFact]
    public async Task Race_OnThreeSilosWithOneKilled_RunsTheTrialsOfTheEmbeddedRace()
    {
        LocalCluster.SkipUnlessInstalled();

        // The race of RaceTests, but slower trials (torch), so that the kill lands while it races.
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("race.yaml", RaceTests.Race.Replace("epochs: 4000", "epochs: 1500\n  backend: torch", StringComparison.Ordinal));
        var embedded = await SweepProcess.RunAsync("run", file, "--store", temp.Store);
        Assert.True(embedded.ExitCode == 0, embedded.Error);
        var expected = TrialSet(JsonNode.Parse((await SweepProcess.RunAsync("results", "mini-race", "--format", "json", "--store", temp.Store)).Output)!);
        JsonNode stored;
        int doneAtKill;
        int watchExit;
        string watchErrors;
        await using (var cluster = await LocalCluster.StartAsync(3, Path.Combine(temp.Root, "cluster"), maxTrials: 1))
        {
            var id = await SubmitAsync(file, cluster);
            using var watch = SweepProcess.Start("watch", id, "--cluster", cluster.Redis);
            doneAtKill = await WaitForDoneAsync(watch, 2);
            await cluster.KillAsync(1);
            var errors = watch.StandardError.ReadToEndAsync();
            output.WriteLine(await watch.StandardOutput.ReadToEndAsync());
            await watch.WaitForExitAsync();
            (watchExit, watchErrors) = (watch.ExitCode, await errors);
            stored = await ResultsAsync(id, cluster);
        }

        await LocalCluster.ExplainFailureAsync(Path.Combine(temp.Root, "cluster"), output, () =>
        {
            Assert.True(watchExit == 0, watchErrors);
            output.WriteLine($"silo 1 killed with {doneAtKill} trials done; the race ran {expected.Length} trials");
            Assert.InRange(doneAtKill, 2, expected.Length - 1);
            Assert.Equal(expected, TrialSet(stored));
            return Task.CompletedTask;
        });
    }

    private static (string Label, int Seed)[] TrialSet(JsonNode results) =>
        [.. results["trials"]!.AsArray().Select(t => ((string)t!["label"]!, (int)t["seed"]!)).Order()];

    [SkippableFact]
    public async Task KillEverySilo_ThenRestart_SweepResumesAndTrainsAgainOnlyWhatWasRunning()
    {
        LocalCluster.SkipUnlessInstalled();

        using var temp = new TemporaryStore();
        var file = temp.WriteFile("failure.yaml", Grid);
        JsonNode results;
        DateTimeOffset killed;
        await using (var cluster = await LocalCluster.StartAsync(3, Path.Combine(temp.Root, "cluster"), maxTrials: 1))
        {
            var id = await SubmitAsync(file, cluster);
            using (var watch = SweepProcess.Start("watch", id, "--cluster", cluster.Redis))
            {
                killed = await KillWhenSiloStartsATrialAsync(watch, $"S127.0.0.1:{cluster.SiloPort}:", () => cluster.KillAsync());
                watch.Kill();
            }

            // With every silo gone, the store still says running; status says the sweep waits for silos once none has
            // run for 15 s (each sets a key in Redis that expires then).
            var gone = Stopwatch.StartNew();
            var waiting = await StatusUntilAsync(id, cluster, "interrupted (no silo of cluster 'sweep' has run for 15 s; it goes on when the cluster's silos start again)", TimeSpan.FromSeconds(60));
            output.WriteLine($"status said the sweep waits for silos {gone.Elapsed.TotalSeconds:F1} s after the kill");
            Assert.Contains("trials", waiting, StringComparison.Ordinal);

            // Nothing is asked of the restarted cluster: the sweep is on its work board and resumes by itself.
            var restart = Stopwatch.StartNew();
            await cluster.RestartAsync(3);
            var follow = await SweepProcess.RunAsync("watch", id, "--cluster", cluster.Redis);
            Assert.True(follow.ExitCode == 0, follow.Error);
            output.WriteLine($"restarted and finished {restart.Elapsed.TotalSeconds:F1} s after the kill");
            results = await ResultsAsync(id, cluster);
        }

        await LocalCluster.ExplainFailureAsync(Path.Combine(temp.Root, "cluster"), output, async () =>
        {
            var trials = Trials(results);
            WriteAttempts(trials);
            output.WriteLine($"killed at {killed:O}");
            foreach (var trial in trials)
            {
                output.WriteLine($"{trial["configuration_id"]} seed {trial["seed"]}: {trial["state"]}, attempts {trial["attempts"]!.ToJsonString()}");
            }

            AssertEveryTrialOnce(trials);

            // Trials that completed before the kill were not trained again; those that were training were, once. Each
            // silo's one slot lost at most two: the trial it trained and the one whose result it was storing meanwhile.
            var interrupted = trials.SelectMany(Attempts).Where(a => (string?)a["error"] == Interrupted).ToArray();
            var retrained = trials.Where(t => Attempts(t).Length > 1).ToArray();
            Assert.InRange(interrupted.Length, 1, 6);
            Assert.Equal(interrupted.Length, retrained.Length);
            Assert.All(retrained, t => Assert.Equal(2, Attempts(t).Length));
            Assert.All(interrupted.GroupBy(a => (string)a["silo"]!), silo => Assert.InRange(silo.Count(), 1, 2));
            Assert.All(interrupted, a => Assert.True((DateTimeOffset)a["started"]! < killed));
            Assert.All(trials.Where(t => (DateTimeOffset)t["finished"]! < killed), t => Assert.Single(Attempts(t)));
            await AssertAggregatesEqualEmbeddedAsync(temp, file, results);
        });
    }

    [SkippableFact]
    public async Task ResultsStoreDown_MidSweep_EveryResultIsStoredOnceWhenItComesBack()
    {
        LocalCluster.SkipUnlessInstalled();
        Grains.Tests.Support.PostgresServer.SkipUnlessInstalled();

        await ThroughStoreOutageAsync(null, cluster => cluster.StopStoreAsync(), cluster => cluster.StartStoreAsync(), refused: true, TimeSpan.FromSeconds(30));
    }

    [SkippableFact]
    public async Task RedisDown_ForThirtySecondsMidSweep_EveryTrialOnceWhenItComesBack()
    {
        LocalCluster.SkipUnlessInstalled();
        Grains.Tests.Support.PostgresServer.SkipUnlessInstalled();

        // Redis holds the cluster's membership and grain state (the sweep's queue, each trial's attempts); results are in PostgreSQL.
        await ThroughStoreOutageAsync(null, cluster => cluster.StopRedisAsync(), cluster => cluster.StartRedisAsync(), refused: false, TimeSpan.FromSeconds(30));
    }

    [SkippableFact]
    public async Task ResultsStoreLinkCut_MidSweep_EveryResultIsStoredOnceWhenItIsMended()
    {
        LocalCluster.SkipUnlessInstalled();
        Grains.Tests.Support.PostgresServer.SkipUnlessInstalled();
        NetworkNamespace.SkipUnlessAvailable();

        // PostgreSQL on a host of its own: its link is cut (packets vanish, nothing refuses), then mended.
        await using var store = await NetworkNamespace.CreateAsync();
        await ThroughStoreOutageAsync(store, _ => store.CutAsync(), _ => store.MendAsync(), refused: false);
    }

    [SkippableFact]
    public async Task SlowLinks_HundredMillisecondsEachWay_EveryTrialOnceAsEmbedded()
    {
        LocalCluster.SkipUnlessInstalled();
        Grains.Tests.Support.PostgresServer.SkipUnlessInstalled();

        // Every connection of a silo to Redis (membership, grain state), to PostgreSQL (results) and to the other silo goes
        // through a relay that holds each chunk 100 ms each way, for the whole sweep.
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("failure.yaml", Grid);
        var folder = Path.Combine(temp.Root, "cluster");
        JsonNode results;
        await using (var cluster = await LocalCluster.StartAsync(2, folder, maxTrials: 1, results: "postgres", linkDelay: TimeSpan.FromMilliseconds(100)))
        {
            var sweep = Stopwatch.StartNew();
            var id = await SubmitAsync(file, cluster);
            var watch = await SweepProcess.RunAsync("watch", id, "--cluster", cluster.Redis);
            output.WriteLine($"the sweep took {sweep.Elapsed.TotalSeconds:F1} s over the slow links; connections per relay (Redis, PostgreSQL, silo 0, silo 1): {string.Join(", ", cluster.RelayedConnections)}");
            Assert.True(watch.ExitCode == 0, watch.Error);
            // Each silo advertises only its relay's port, so no silo can reach another around it; a connection between two
            // silos carries calls both ways, so the pair needs one.
            var relayed = cluster.RelayedConnections;
            Assert.True(relayed[0] > 0 && relayed[1] > 0, "a silo reached a store around its relay");
            Assert.True(relayed[2..].Sum() > 0, "the silos made no connection to each other through their relays");
            results = await ResultsAsync(id, cluster);
        }

        await LocalCluster.ExplainFailureAsync(folder, output, async () =>
        {
            var trials = Trials(results);
            WriteAttempts(trials);
            AssertEveryTrialOnce(trials);
            Assert.All(trials, t => Assert.Single(Attempts(t)));
            await AssertAggregatesEqualEmbeddedAsync(temp, file, results);
        });
    }

    /// <summary>
    /// A 2-silo cluster on PostgreSQL whose results store, or Redis, goes away for 20 s (<paramref name="outageLength"/>;
    /// <paramref name="down"/>, then <paramref name="up"/>) once 2 of 12 trials are done: no result is lost or counted twice,
    /// none is trained again (each waits for the store), and the aggregates equal an embedded run's. Where the results store
    /// refuses connections (<paramref name="refused"/>), the writes fail and are tried again, and the silos' logs say so;
    /// over a cut link they wait for the link instead.
    /// </summary>
    private async Task ThroughStoreOutageAsync(
        NetworkNamespace? storeNamespace, Func<LocalCluster, Task> down, Func<LocalCluster, Task> up, bool refused, TimeSpan? outageLength = null)
    {
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("failure.yaml", Grid);
        var folder = Path.Combine(temp.Root, "cluster");
        JsonNode results;
        int doneAtStop;
        await using (var cluster = await LocalCluster.StartAsync(2, folder, maxTrials: 1, results: "postgres", storeNamespace: storeNamespace))
        {
            var id = await SubmitAsync(file, cluster);
            using var watch = SweepProcess.Start("watch", id, "--cluster", cluster.Redis);
            doneAtStop = await WaitForDoneAsync(watch, 2);
            await down(cluster);
            var outage = Stopwatch.StartNew();

            // The outage itself: the store stays away this long whatever the silos do meanwhile.
            await Task.Delay(outageLength ?? TimeSpan.FromSeconds(20));
            await up(cluster);
            Assert.False(watch.HasExited, "the sweep ended before the store came back: the outage met no result");
            output.WriteLine($"the store was away for {outage.Elapsed.TotalSeconds:F1} s");
            var back = Stopwatch.StartNew();
            var rest = watch.StandardOutput.ReadToEndAsync();
            await watch.WaitForExitAsync();
            output.WriteLine(await rest);
            output.WriteLine($"the sweep completed {back.Elapsed.TotalSeconds:F1} s after the store came back");
            Assert.Equal(0, watch.ExitCode);
            results = await ResultsAsync(id, cluster);
        }

        await LocalCluster.ExplainFailureAsync(folder, output, async () =>
        {
            var trials = Trials(results);
            WriteAttempts(trials);
            AssertEveryTrialOnce(trials);
            Assert.InRange(doneAtStop, 2, 11);
            Assert.All(trials, t => Assert.Single(Attempts(t)));
            if (refused)
            {
                var logs = string.Concat(Directory.GetFiles(folder, "silo*.log").Select(File.ReadAllText));
                Assert.Contains("; it is tried again for up to 1800 s", logs, StringComparison.Ordinal);
                Assert.Matches(@"is stored in the results store \S+ after \d+ failed tries", logs);

                // A start that cannot read the store waits before the next, and its cause is logged once per silo, not per try
                // (the sweep handed the trial out again at once: 2,536 warnings in 40 s before).
                var startFailures = Regex.Matches(logs, "Could not start trial").Count;
                output.WriteLine($"trial starts that failed, as logged: {startFailures}");
                Assert.InRange(startFailures, 0, 8);
                Assert.DoesNotContain("CodecNotFoundException", logs, StringComparison.Ordinal);
            }
            await AssertAggregatesEqualEmbeddedAsync(temp, file, results);
        });
    }

    [SkippableFact]
    public async Task OneSiloPartitioned_ForThirtySeconds_NoTrialIsTakenFromAnotherOrCountedTwice()
    {
        LocalCluster.SkipUnlessInstalled();
        Grains.Tests.Support.PostgresServer.SkipUnlessInstalled();
        NetworkNamespace.SkipUnlessAvailable();

        // The last silo runs on a host of its own; cutting its link cuts it from the other silos, Redis and PostgreSQL.
        await using var island = await NetworkNamespace.CreateAsync();
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("failure.yaml", Grid);
        var folder = Path.Combine(temp.Root, "cluster");
        JsonNode results;
        string victim;
        await using (var cluster = await LocalCluster.StartAsync(3, folder, maxTrials: 1, results: "postgres", lastSiloNamespace: island))
        {
            var id = await SubmitAsync(file, cluster);
            victim = $"S{island.Address}:{cluster.SiloPort + 2}:";
            using (var watch = SweepProcess.Start("watch", id, "--cluster", cluster.Redis))
            {
                await CutWhenSiloTrainsAsync(watch, victim, island.CutAsync);
                var partition = Stopwatch.StartNew();
                var rest = watch.StandardOutput.ReadToEndAsync();

                // The partition itself: the link stays cut this long whatever the silos do meanwhile.
                await Task.Delay(TimeSpan.FromSeconds(30));
                await island.MendAsync();
                output.WriteLine($"the link was mended after {partition.Elapsed.TotalSeconds:F1} s");
                output.WriteLine(await rest);
                await watch.WaitForExitAsync();
                output.WriteLine($"the sweep completed {partition.Elapsed.TotalSeconds:F1} s after the cut");
                Assert.Equal(0, watch.ExitCode);
            }

            results = await ResultsAsync(id, cluster);
        }

        await LocalCluster.ExplainFailureAsync(folder, output, async () =>
        {
            // Every trial counted once: a late result of the cut silo is not counted a second time. The silos' checks of
            // Redis met the cut link without stopping a silo.
            var logs = string.Concat(Directory.GetFiles(folder, "silo*.log").Select(File.ReadAllText));
            Assert.DoesNotContain("BackgroundService failed", logs, StringComparison.Ordinal);
            Assert.DoesNotContain("lost the data of cluster", logs, StringComparison.Ordinal);
            var trials = Trials(results);
            WriteAttempts(trials);
            AssertEveryTrialOnce(trials);

            // The cut silo's trial either waited for the link and was stored from there, or was taken over once the
            // silo was declared dead; then the cut silo's attempt was its first, and another silo's its last.
            var retrained = trials.Where(t => Attempts(t).Length > 1).ToArray();
            Assert.InRange(retrained.Length, 0, 2);
            Assert.All(retrained, t => Assert.StartsWith(victim, (string)Attempts(t)[0]["silo"]!, StringComparison.Ordinal));
            Assert.All(retrained, t => Assert.DoesNotContain(victim, (string)Attempts(t)[^1]["silo"]!, StringComparison.Ordinal));
            await AssertAggregatesEqualEmbeddedAsync(temp, file, results);
        });
    }

    [SkippableFact]
    public async Task RedisLosesItsData_SilosStopSayingSo_ClientsNameTheLoss_AndASubmitAgainReusesStoredResults()
    {
        LocalCluster.SkipUnlessInstalled();

        using var temp = new TemporaryStore();
        var file = temp.WriteFile("failure.yaml", Grid);
        var folder = Path.Combine(temp.Root, "cluster");
        JsonNode results;
        (int ExitCode, string Output, string Error) list, again;
        int doneAtFlush;
        DateTimeOffset flushed;
        await using (var cluster = await LocalCluster.StartAsync(2, folder, maxTrials: 1))
        {
            var id = await SubmitAsync(file, cluster);
            using (var watch = SweepProcess.Start("watch", id, "--cluster", cluster.Redis))
            {
                doneAtFlush = await WaitForDoneAsync(watch, 2);
                watch.Kill();
            }

            var lost = Stopwatch.StartNew();
            flushed = DateTimeOffset.UtcNow;
            await cluster.FlushRedisAsync();
            await cluster.WaitForSilosToExitAsync(TimeSpan.FromSeconds(60));
            output.WriteLine($"the silos stopped {lost.Elapsed.TotalSeconds:F1} s after Redis lost its data");
            var answer = await SweepProcess.RunAsync("list", "--cluster", cluster.Redis);
            list = (answer.ExitCode, answer.Output, answer.Error);

            await cluster.RestartAsync(2);
            var submit = await SweepProcess.RunAsync("submit", file, "--cluster", cluster.Redis, "--wait");
            again = (submit.ExitCode, submit.Output, submit.Error);
            results = await ResultsAsync(id, cluster);
        }

        await LocalCluster.ExplainFailureAsync(folder, output, async () =>
        {
            var logs = Directory.GetFiles(folder, "silo*.log").Select(File.ReadAllText).ToArray();
            Assert.All(logs, log => Assert.Single(Regex.Matches(log, "lost the data of cluster 'sweep'")));
            Assert.Equal(2, list.ExitCode);
            Assert.Contains("holds no data of cluster 'sweep'", list.Error, StringComparison.Ordinal);
            Assert.True(again.ExitCode == 0, again.Error);
            var trials = Trials(results);
            WriteAttempts(trials);
            AssertEveryTrialOnce(trials);

            // The trials stored before the loss were not trained again.
            Assert.True(trials.Count(t => Attempts(t).All(a => (DateTimeOffset)a["started"]! < flushed)) >= doneAtFlush);
            await AssertAggregatesEqualEmbeddedAsync(temp, file, results);
        });
    }

    /// <summary>Reads <c>sweep watch</c> until the silo whose address starts with <paramref name="silo"/> trains a trial, with at most 8 of 12 done; then cuts.</summary>
    private async Task<DateTimeOffset> CutWhenSiloTrainsAsync(Process watch, string silo, Func<Task> cut)
    {
        var pattern = new Regex($@"(\d+)/\d+ trials done.*{Regex.Escape(silo)}\d+: 1 running");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (await watch.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            output.WriteLine(line);
            if (pattern.Match(line) is { Success: true } match && int.Parse(match.Groups[1].Value) <= 8)
            {
                await cut();
                return DateTimeOffset.UtcNow;
            }
        }

        throw new InvalidOperationException($"the sweep ended before {silo} trained a trial");
    }

    /// <summary>Reads <c>sweep watch</c> until at least <paramref name="done"/> trials are done; returns how many are.</summary>
    private async Task<int> WaitForDoneAsync(Process watch, int done)
    {
        var pattern = new Regex(@"(\d+)/\d+ trials done");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (await watch.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            output.WriteLine(line);
            if (pattern.Match(line) is { Success: true } match && int.Parse(match.Groups[1].Value) >= done)
            {
                return int.Parse(match.Groups[1].Value);
            }
        }

        throw new InvalidOperationException($"the sweep ended before {done} trials were done");
    }

    /// <summary>
    /// Reads <c>sweep watch</c> until the silo whose address starts with <paramref name="silo"/> has
    /// started a new trial (its finished count went up and it runs one) and still runs it at the next
    /// change anywhere in the sweep, then kills. By then the trial has started training and has seconds
    /// left, so the kill lands in the middle of it.
    /// </summary>
    private async Task<DateTimeOffset> KillWhenSiloStartsATrialAsync(Process watch, string silo, Func<Task> kill)
    {
        var pattern = new Regex($@"(\d+)/\d+ trials done.*{Regex.Escape(silo)}\d+: (\d+) running, (\d+) finished");
        var firstFinished = -1;
        var startedAt = -1;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (await watch.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            output.WriteLine(line);
            if (pattern.Match(line) is not { Success: true } match)
            {
                continue;
            }

            var (done, running, finished) = (int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value), int.Parse(match.Groups[3].Value));
            firstFinished = firstFinished < 0 ? finished : firstFinished;
            if (running == 1 && finished == startedAt && done <= 8)
            {
                await kill();
                return DateTimeOffset.UtcNow;
            }

            startedAt = running == 1 && finished > firstFinished ? finished : -1;
        }

        throw new InvalidOperationException("the sweep ended before the silo started a second trial");
    }

    /// <summary>Asks <c>status</c> until its state line reads <paramref name="state"/>; returns that output.</summary>
    private static async Task<string> StatusUntilAsync(string id, LocalCluster cluster, string state, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var status = await SweepProcess.RunAsync("status", id, "--cluster", cluster.Redis);
            Assert.True(status.ExitCode == 0, status.Error);
            if (status.Output.Contains(state, StringComparison.Ordinal))
            {
                return status.Output;
            }

            Assert.True(deadline.Elapsed < timeout, $"status did not say '{state}' within {timeout.TotalSeconds} s: {status.Output}");
        }
    }

    private static async Task<string> SubmitAsync(string file, LocalCluster cluster)
    {
        var submit = await SweepProcess.RunAsync("submit", file, "--cluster", cluster.Redis);
        Assert.True(submit.ExitCode == 0, submit.Error);
        return submit.Output.Trim();
    }

    private static async Task<JsonNode> ResultsAsync(string id, LocalCluster cluster)
    {
        var results = await SweepProcess.RunAsync("results", id, "--format", "json", "--cluster", cluster.Redis);
        Assert.True(results.ExitCode == 0, results.Error);
        return JsonNode.Parse(results.Output)!;
    }

    private static JsonNode[] Trials(JsonNode results) => results["trials"]!.AsArray().Select(t => t!).ToArray();

    private static JsonNode[] Attempts(JsonNode trial) => trial["attempts"]!.AsArray().Select(a => a!).ToArray();

    // Shown when the test fails: every attempt that did not simply complete, with its silo and error.
    private void WriteAttempts(JsonNode[] trials)
    {
        foreach (var trial in trials.Where(t => Attempts(t).Length > 1 || Attempts(t).Any(a => a["error"] is not null)))
        {
            output.WriteLine($"{trial["configuration_id"]}-s{trial["seed"]}: " + string.Join(" | ", Attempts(trial).Select(a => $"#{a["number"]} on {a["silo"]} {a["started"]}..{a["ended"]}: {a["error"] ?? "ok"}")));
        }
    }

    private static void AssertEveryTrialOnce(JsonNode[] trials)
    {
        Assert.Equal(12, trials.Length);
        Assert.Equal(12, trials.Select(t => $"{t["configuration_id"]}-{t["seed"]}").Distinct().Count());
        Assert.All(trials, t => Assert.Equal("completed", (string)t["state"]!));
    }

    /// <summary>Results are deterministic per seed: the disturbed cluster's aggregates equal an embedded run's, digit for digit.</summary>
    private static async Task AssertAggregatesEqualEmbeddedAsync(TemporaryStore temp, string file, JsonNode clustered)
    {
        var run = await SweepProcess.RunAsync("run", file, "--store", temp.Store);
        Assert.True(run.ExitCode == 0, run.Error);
        var embedded = JsonNode.Parse((await SweepProcess.RunAsync("results", (string)clustered["sweep"]!["id"]!, "--format", "json", "--store", temp.Store)).Output)!;
        Assert.Equal(Aggregates(embedded), Aggregates(clustered));
    }

    private static string[] Aggregates(JsonNode results) => results["configurations"]!.AsArray()
        .Select(c => $"{c!["id"]} {c["metrics"]!["test_accuracy"]!.ToJsonString()} {c["metrics"]!["train_loss"]!.ToJsonString()}")
        .Order(StringComparer.Ordinal)
        .ToArray();
}
