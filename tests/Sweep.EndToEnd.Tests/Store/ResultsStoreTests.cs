using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Sweep.Client.Tests.Support;
using Sweep.EndToEnd.Tests.Support;

namespace Sweep.EndToEnd.Tests.Store;

/// <summary>The embedded store's results tables, read as other tools and other processes read them.</summary>
public sealed partial class ResultsStoreTests
{
    private const string RequirePandas = "SWEEP_REQUIRE_PANDAS";

    // Debian's python3, which python3-pandas installs into; a python3 earlier on the PATH (a virtual environment, pyenv) may lack it.
    private static readonly string Python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    // Trials of about 0.4 s, one at a time (about 10 s in all), so that a second process started after the first trial
    // (in about 0.3 s) sees the run before it ends.
    private const string SlowSweep = """
        name: slow
        seeds: 12
        trial:
          dataset: {kind: circles, samples: 1000, noise: 0.1, random_state: 1, train_rows: 700}
          layers:
            - {type: dense, units: 64, activation: relu, activity_regularizer: {kind: none, l1: 0.01}}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 4000
        grid:
          layers.0.activity_regularizer.kind: [none, l1]
        """;

    [Fact]
    public async Task Run_TablesOfTheStore_HoldWhatResultsJsonReports()
    {
        using var temp = new TemporaryStore();
        var text = TestSweeps.ThreeSeedsTwentyEpochs;
        var file = temp.WriteFile("small.yaml", text);
        var run = await SweepProcess.RunAsync("run", file, "--store", temp.Store);
        var id = SweepId().Match(run.Output).Groups[1].Value;
        var json = JsonNode.Parse((await SweepProcess.RunAsync("results", id, "--format", "json", "--history", "--store", temp.Store)).Output)!;

        Assert.Equal(0, run.ExitCode);
        using var connection = Open(temp.Store);
        var sweep = Rows(connection, "SELECT name, state, metric, baseline_id, configurations, trials, trace_id FROM sweeps WHERE sweep_id = $id", id).Single();
        Assert.Equal(["small", "completed", "test_accuracy", (string?)json["sweep"]!["baseline_id"], 2L, 6L, (string?)json["sweep"]!["trace_id"]], sweep);
        var runs = Rows(connection, "SELECT file, text, file_sha256 FROM sweep_runs WHERE sweep_id = $id", id);
        Assert.Equal([[file, text, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))]], runs);

        var trials = json["trials"]!.AsArray();
        var rows = Rows(connection, """
            SELECT t.configuration_id, t.label, t.settings, t.seed, t.state, t.silo, t.attempts, t.test_accuracy, t.train_accuracy, t.test_loss,
                   t.train_loss, t.activation_mean, t.zero_fraction, t.seconds, t.backend, h.loss, h.val_accuracy, h.learning_rate
            FROM sweep_trials t JOIN histories h ON h.configuration_id = t.configuration_id AND h.seed = t.seed
            WHERE t.sweep_id = $id ORDER BY t.configuration_position, t.seed
            """, id);
        Assert.Equal(6, trials.Count);
        Assert.Equal(trials.Count, rows.Count);
        foreach (var (trial, row) in trials.Zip(rows))
        {
            var metrics = trial!["metrics"]!;
            object?[] expected =
            [
                (string?)trial["configuration_id"], (string?)trial["label"], trial["settings"]!.ToJsonString(), (long)(int)trial["seed"]!, (string?)trial["state"], (string?)trial["silo"],
                (long)trial["attempts"]!.AsArray().Count,
                (double)metrics["test_accuracy"]!, (double)metrics["train_accuracy"]!, (double)metrics["test_loss"]!, (double)metrics["train_loss"]!,
                (double)metrics["activation_mean"]!, (double)metrics["zero_fraction"]!, (double)metrics["seconds"]!, (string?)trial["backend"],
                trial["history"]!["loss"]!.ToJsonString(), trial["history"]!["val_accuracy"]!.ToJsonString(), trial["history"]!["learning_rate"]!.ToJsonString(),
            ];
            Assert.Equal(expected, row);
        }
    }

    [Fact]
    public async Task Run_SweepsStoredState_DoesNotGrowWithItsTrials()
    {
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("small.yaml", TestSweeps.ThreeSeedsTwentyEpochs);
        var few = await SweepProcess.RunAsync("run", file, "--seeds", "2", "--store", temp.Store);
        var many = await SweepProcess.RunAsync("run", file, "--seeds", "40", "--store", temp.Store);

        Assert.True(few.ExitCode == 0, few.Error);
        Assert.True(many.ExitCode == 0, many.Error);
        using var connection = Open(temp.Store);
        long Size(string output)
        {
            var id = SweepId().Match(output).Groups[1].Value;
            return (long)Rows(connection, "SELECT length(payload) FROM grain_state WHERE state_name = 'sweep' AND grain_id LIKE '%' || $id", id).Single()[0]!;
        }

        // 4 trials and 80: the sweep's state holds its plan (38 more seeds, a few bytes each), and no outcome of a trial.
        Assert.Equal(80L, Rows(connection, "SELECT count(*) FROM sweep_trials WHERE sweep_id = $id AND state = 'completed'", SweepId().Match(many.Output).Groups[1].Value).Single()[0]);
        Assert.InRange(Size(many.Output) - Size(few.Output), 0, 500);
    }

    [SkippableFact]
    public async Task PandasScript_ReadingTheStoreFile_ReproducesTheRankedMeansAndDeviations()
    {
        var pandas = await RunAsync(Python, ["-c", "import pandas"]);
        Assert.True(pandas.ExitCode == 0 || Environment.GetEnvironmentVariable(RequirePandas) != "1", $"{RequirePandas}=1 but python3 cannot import pandas: {pandas.Error}");
        Skip.If(pandas.ExitCode != 0, "python3 with pandas is not installed (apt-get install python3-pandas; .ci/run installs it)");
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("small.yaml", TestSweeps.ThreeSeedsTwentyEpochs);
        var run = await SweepProcess.RunAsync("run", file, "--store", temp.Store);
        var id = SweepId().Match(run.Output).Groups[1].Value;
        var json = JsonNode.Parse((await SweepProcess.RunAsync("results", id, "--format", "json", "--store", temp.Store)).Output)!;

        // The README's example, as a user would write it.
        var script = temp.WriteFile("means.py", """
            import sqlite3, sys
            import pandas as pd
            con = sqlite3.connect(sys.argv[1])
            trials = pd.read_sql("select label, test_accuracy from sweep_trials where sweep_id = ? and state = 'completed'", con, params=(sys.argv[2],))
            for label, row in trials.groupby("label").test_accuracy.agg(["count", "mean", "std"]).iterrows():
                print(f"{label}\t{int(row['count'])}\t{row['mean']!r}\t{row['std']!r}")
            """);
        var python = await RunAsync(Python, [script, Path.Combine(temp.Store, "sweep.db"), id]);

        Assert.Equal(0, run.ExitCode);
        Assert.True(python.ExitCode == 0, python.Error);
        var lines = python.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t')).ToDictionary(cells => cells[0]);
        var configurations = json["configurations"]!.AsArray();
        Assert.Equal(configurations.Count, lines.Count);
        foreach (var configuration in configurations)
        {
            var summary = configuration!["metrics"]!["test_accuracy"]!;
            var cells = lines[(string)configuration["label"]!];
            Assert.Equal((int)summary["n"]!, int.Parse(cells[1], CultureInfo.InvariantCulture));
            Assert.Equal((double)summary["mean"]!, double.Parse(cells[2], CultureInfo.InvariantCulture), 1e-12);
            Assert.Equal((double)summary["std"]!, double.Parse(cells[3], CultureInfo.InvariantCulture), 1e-12);
        }
    }

    [Fact]
    public async Task Query_StoreWrittenBeforeTheSchema_GetsItsRowsOnceAndAnswersAsBefore()
    {
        using var temp = new TemporaryStore();
        var fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "store-v0");
        Directory.CreateDirectory(temp.Store);
        File.Copy(Path.Combine(fixture, "sweep.db"), Path.Combine(temp.Store, "sweep.db"));
        var before = File.ReadAllText(Path.Combine(fixture, "results.json"));
        var id = (string)JsonNode.Parse(before)!["sweep"]!["id"]!;

        var first = await SweepProcess.RunAsync("results", id, "--format", "json", "--history", "--store", temp.Store);
        var second = await SweepProcess.RunAsync("results", id, "--format", "json", "--history", "--store", temp.Store);

        // A sweep stored before grid settings were kept has none (null); everything else is as it was.
        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(before), WithoutSettings(first.Output)), first.Output);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(before), WithoutSettings(second.Output)), second.Output);
        using var connection = Open(temp.Store);
        Assert.Equal([[(long)Sweep.Grains.ResultsStore.ResultsSchema.Version]], Rows(connection, "PRAGMA user_version", id));
        Assert.Empty(Rows(connection, "SELECT key FROM store_meta", id));
        Assert.Equal([[4L]], Rows(connection, "SELECT count(*) FROM sweep_trials WHERE sweep_id = $id", id));
    }

    [Fact]
    public async Task Watch_InASecondProcess_FollowsTheRunToItsEnd()
    {
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("slow.yaml", SlowSweep);
        using var run = SweepProcess.Start("run", file, "--store", temp.Store, "--parallel", "1");
        var id = SweepId().Match(await run.StandardOutput.ReadLineAsync() ?? "").Groups[1].Value;
        var runOutput = run.StandardOutput.ReadToEndAsync();
        var runError = await WaitForFirstTrialAsync(run);
        var watch = await SweepProcess.RunAsync("watch", id, "--store", temp.Store);
        await run.WaitForExitAsync();

        Assert.Equal(0, run.ExitCode);
        Assert.True(watch.ExitCode == 0, watch.Output + watch.Error + await runError + await runOutput);
        var lines = watch.Output.Split('\n');
        Assert.Matches($@"^sweep {id} running: ([1-9]|1\d|2[0-3])/24 trials done", lines[0]);
        Assert.Contains(lines, line => line.StartsWith($"sweep {id} completed: 24/24 trials done", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("interrupted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_RunKilledBeforeItEnded_SaysInterruptedAndHowToResume()
    {
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("slow.yaml", SlowSweep);
        using var run = SweepProcess.Start("run", file, "--store", temp.Store, "--parallel", "1");
        var id = SweepId().Match(await run.StandardOutput.ReadLineAsync() ?? "").Groups[1].Value;
        var runOutput = run.StandardOutput.ReadToEndAsync();
        var runError = await WaitForFirstTrialAsync(run);
        var running = await SweepProcess.RunAsync("status", id, "--store", temp.Store);
        run.Kill();
        await run.WaitForExitAsync();

        var status = await SweepProcess.RunAsync("status", id, "--store", temp.Store);
        var list = await SweepProcess.RunAsync("list", "--store", temp.Store);

        Assert.Equal(0, running.ExitCode);
        Assert.Matches(@"state\s+running", running.Output);
        Assert.Equal(0, status.ExitCode);
        Assert.Matches(@"state\s+interrupted \(the process that ran it ended first; running its sweep file again resumes it\)", status.Output);
        Assert.Matches(@"trials\s+24: \d+ completed, 0 failed, 0 diverged, \d+ not run", status.Output);
        Assert.Matches($@"{id}\s+│\s+interrupted", list.Output);
    }

    [Fact]
    public async Task Cancel_FromASecondProcess_StopsTheRunAndCancelsTheSweep()
    {
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("slow.yaml", SlowSweep);
        using var run = SweepProcess.Start("run", file, "--store", temp.Store, "--parallel", "1");
        var id = SweepId().Match(await run.StandardOutput.ReadLineAsync() ?? "").Groups[1].Value;
        var runOutput = run.StandardOutput.ReadToEndAsync();
        var runError = await WaitForFirstTrialAsync(run);

        var cancel = await SweepProcess.RunAsync("cancel", id, "--store", temp.Store);

        // cancel returns once the run has let the store go.
        Assert.True(run.HasExited);
        Assert.Equal(130, run.ExitCode);
        Assert.True(cancel.ExitCode == 0, cancel.Output + cancel.Error);
        var lines = cancel.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"stopped the sweep run that trained it (pid {run.Id}); its finished trials are stored", lines[0]);
        Assert.Matches($@"^sweep {id} cancelled: ([1-9]|1\d|2[0-3]) completed, 0 failed, 0 running trials stopped, \d+ not run$", lines[1]);
        var status = await SweepProcess.RunAsync("status", id, "--store", temp.Store);
        Assert.Matches(@"state\s+cancelled", status.Output);
        Assert.Contains("interrupted; completed trials are stored and a new run of the same file resumes", await runError, StringComparison.Ordinal);
    }

    /// <summary>Reads the run's progress lines (plain, on its redirected stderr) until a trial has finished; returns the rest.</summary>
    private static async Task<Task<string>> WaitForFirstTrialAsync(Process run)
    {
        while (await run.StandardError.ReadLineAsync() is { } line)
        {
            if (Progress().Match(line) is { Success: true } match && int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) > 0)
            {
                return run.StandardError.ReadToEndAsync();
            }
        }

        throw new InvalidOperationException("the run ended before any trial finished");
    }

    private static SqliteConnection Open(string store)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(store, "sweep.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    // What the earlier Sweep could not print: the grid settings and the run of each attempt, which such a store has not kept,
    // and the probability of improvement, which it did not compute.
    private static JsonNode WithoutSettings(string json)
    {
        var document = JsonNode.Parse(json)!;
        foreach (var versus in document["configurations"]!.AsArray().Select(c => c!["vs_baseline"]).OfType<JsonObject>())
        {
            Assert.True(versus.Remove("prob_better", out var probability), "every comparison has its probability of improvement");
            Assert.InRange((double)probability!, 0, 1);
        }

        foreach (var item in document["configurations"]!.AsArray().Concat(document["trials"]!.AsArray()))
        {
            Assert.True(item!.AsObject().Remove("settings"), "every configuration and trial has its settings, null or not");
        }

        foreach (var attempt in document["trials"]!.AsArray().SelectMany(t => t!["attempts"]!.AsArray()))
        {
            Assert.True(attempt!.AsObject().Remove("run", out var run), "every attempt has its run, null or not");
            Assert.Null(run);
        }

        // The validation metrics came later: a store of before has no validation rows, so they have no values.
        Assert.True(document.AsObject().Remove("ranked_on_rows", out var rows), "the export says which rows it ranked on");
        Assert.Equal("test", (string?)rows);
        foreach (var summaries in document["configurations"]!.AsArray().Select(c => c!["metrics"]!.AsObject()))
        {
            foreach (var name in new[] { "val_accuracy", "val_loss" })
            {
                Assert.True(summaries.Remove(name, out var summary), $"every configuration summarises {name}");
                Assert.Equal(0, (int)summary!["n"]!);
            }
        }

        foreach (var metrics in document["trials"]!.AsArray().Select(t => t!["metrics"]).OfType<JsonObject>())
        {
            foreach (var name in new[] { "val_accuracy", "val_loss" })
            {
                Assert.True(metrics.Remove(name, out var value), $"every trial's metrics have {name}, null or not");
                Assert.Null(value);
            }
        }

        return document;
    }

    private static List<object?[]> Rows(SqliteConnection connection, string sql, string id)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output, await error);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", e.Message);
        }
    }

    [GeneratedRegex(@"^trials (\d+)/")]
    private static partial Regex Progress();

    [GeneratedRegex(@"sweep ((?:small|slow)-[0-9a-f]{8})")]
    private static partial Regex SweepId();
}
