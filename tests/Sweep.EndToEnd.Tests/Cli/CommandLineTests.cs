using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sweep.Client.Tests.Support;
using Sweep.EndToEnd.Tests.Support;

namespace Sweep.EndToEnd.Tests.Cli;

/// <summary>The <c>sweep</c> commands run as separate processes, as a user runs them.</summary>
public sealed partial class CommandLineTests
{
    [Fact]
    public async Task Run_ThenResultsFromANewProcess_GivesAggregatesAndTrialsWithHistory()
    {
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("small.yaml", TestSweeps.TwoSeedsFifteenEpochs);

        var run = await SweepProcess.RunAsync("run", file, "--store", temp.Store);
        var id = SweepId().Match(run.Output).Groups[1].Value;
        var results = await SweepProcess.RunAsync("results", id, "--format", "json", "--history", "--store", temp.Store);
        var plain = JsonNode.Parse((await SweepProcess.RunAsync("results", id, "--format", "json", "--store", temp.Store)).Output)!;

        Assert.Equal(0, run.ExitCode);
        Assert.All(plain["trials"]!.AsArray(), t => Assert.False(t!.AsObject().ContainsKey("history")));
        Assert.Contains("2 configurations x 2 seeds = 4 trials", run.Output, StringComparison.Ordinal);
        Assert.Contains("trials 4/4 100%", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, results.ExitCode);
        var json = JsonNode.Parse(results.Output)!;
        Assert.Equal(id, (string?)json["sweep"]!["id"]);
        Assert.Equal(4, (int)json["sweep"]!["completed"]!);
        var configurations = json["configurations"]!.AsArray();
        Assert.Equal(["kind=none", "kind=l1"], configurations.Select(c => (string)c!["label"]!).Order().Reverse());
        Assert.All(configurations, c => Assert.Equal(2, (int)c!["metrics"]!["test_accuracy"]!["n"]!));
        var trials = json["trials"]!.AsArray();
        Assert.Equal(4, trials.Count);
        Assert.All(trials, t => Assert.Equal(15, t!["history"]!["val_accuracy"]!.AsArray().Count));
        Assert.All(trials, t => Assert.Equal($"{{\"kind\":\"{t!["label"]!.GetValue<string>()["kind=".Length..]}\"}}", t!["settings"]!.ToJsonString()));
        Assert.All(trials, t => Assert.Equal("fused", (string?)t!["backend"]));
        var mean = configurations[0]!["metrics"]!["test_accuracy"]!["mean"]!.GetValue<double>();
        var id0 = (string)configurations[0]!["id"]!;
        var perTrial = trials.Where(t => (string)t!["configuration_id"]! == id0).Select(t => t!["metrics"]!["test_accuracy"]!.GetValue<double>());
        Assert.Equal(perTrial.Average(), mean, 1e-12);
    }

    [Fact]
    public async Task Run_WithAndWithoutValidationRows_RanksOnThemOrSaysItUsedTheTestRows()
    {
        using var temp = new TemporaryStore();
        var tutorial = temp.WriteFile("small.yaml", TestSweeps.TwoSeedsFifteenEpochs);
        var validated = temp.WriteFile("validated.yaml", TestSweeps.TwoSeedsFifteenEpochs.Replace("train_rows: 30}", "train_rows: 30, validation_rows: 8}", StringComparison.Ordinal));

        var onTest = await SweepProcess.RunAsync("run", tutorial, "--store", temp.Store);
        var onValidation = await SweepProcess.RunAsync("run", validated, "--store", temp.Store);
        var id = SweepId().Matches(onValidation.Output)[0].Groups[1].Value;
        var json = JsonNode.Parse((await SweepProcess.RunAsync("results", id, "--format", "json", "--store", temp.Store)).Output)!;
        var markdown = await SweepProcess.RunAsync("results", SweepId().Match(onTest.Output).Groups[1].Value, "--format", "markdown", "--store", temp.Store);

        Assert.Equal((0, 0), (onTest.ExitCode, onValidation.ExitCode));
        Assert.Contains("Selection used the test rows: test_accuracy ranks on the rows the results report", Flatten(onTest.Output), StringComparison.Ordinal);
        Assert.Contains("Selection used the test rows: test_accuracy ranks on the rows the results report", markdown.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Selection used the test rows", onValidation.Output, StringComparison.Ordinal);
        Assert.Contains("ranked by mean val_accuracy", onValidation.Output, StringComparison.Ordinal);
        Assert.Equal(("val_accuracy", "validation"), ((string?)json["ranked_by"], (string?)json["ranked_on_rows"]));
        Assert.All(json["configurations"]!.AsArray(), c => Assert.Equal(2, (int)c!["metrics"]!["val_accuracy"]!["n"]!));
        Assert.All(json["trials"]!.AsArray(), t => Assert.InRange(t!["metrics"]!["val_accuracy"]!.GetValue<double>() * 8, 0, 8));
        Assert.All(json["trials"]!.AsArray(), t => Assert.Equal(0, (t!["metrics"]!["val_accuracy"]!.GetValue<double>() * 8) % 1, 9));
    }

    [Fact]
    public async Task Store_HeldByAnotherProcess_RefusesRunAndCancelButAnswersQueries()
    {
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("small.yaml", TestSweeps.TwoSeedsFifteenEpochs);
        var run = await SweepProcess.RunAsync("run", file, "--store", temp.Store);
        var id = SweepId().Match(run.Output).Groups[1].Value;
        var cancelCompleted = await SweepProcess.RunAsync("cancel", id, "--store", temp.Store);
        var before = await SweepProcess.RunAsync("results", id, "--format", "json", "--store", temp.Store);

        (int ExitCode, string Output, string Error) cancel, rerun, results;
        using (new FileStream(Path.Combine(temp.Store, "run.lock"), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            File.WriteAllText(Path.Combine(temp.Store, "run.pid"), $"{Environment.ProcessId}");
            cancel = await SweepProcess.RunAsync("cancel", id, "--store", temp.Store);
            rerun = await SweepProcess.RunAsync("run", file, "--store", temp.Store);
            results = await SweepProcess.RunAsync("results", id, "--format", "json", "--store", temp.Store);
        }

        Assert.Equal(1, cancelCompleted.ExitCode);
        Assert.Equal($"sweep: sweep {id} has already completed (4 completed, 0 failed); there is nothing to cancel", Flatten(cancelCompleted.Error));
        var inUse = $"sweep: the store {temp.Store} is in use by another sweep process (pid {Environment.ProcessId}); wait for it to end, stop it with Ctrl+C, or pass another --store";
        Assert.Equal((2, inUse), (cancel.ExitCode, Flatten(cancel.Error)));
        Assert.Equal((2, inUse), (rerun.ExitCode, Flatten(rerun.Error)));
        Assert.Equal(0, results.ExitCode);
        Assert.Equal(before.Output, results.Output);
    }

    [Theory]
    [InlineData("yes", "no", "row 4, column y: 'yes' is not a label; allowed: a class index 0, 1, 2, ...", "trial.dataset.path")]
    [InlineData("2", "1", "row 4, column y: label 2 is not a class the model outputs; allowed: 0 to 1 (binary_crossentropy with one sigmoid unit)", "trial.dataset.label")]
    public async Task Run_CsvLabelsTheModelCannotTrainOn_IsRefusedBeforeAnyTrialNamingRowAndValue(string first, string second, string problem, string key)
    {
        using var temp = new TemporaryStore();
        // Line 2 holds a good label, line 3 is empty (not a row), line 4 the first bad one.
        var data = temp.WriteFile("labels.csv", $"x1,x2,y\n0.1,0.2,0\n\n0.3,0.4,{first}\n0.5,0.6,{second}\n");
        var file = temp.WriteFile("labels.yaml", """
            name: labels
            seeds: 2
            trial:
              dataset: {kind: csv, path: labels.csv, label: y, train_rows: 2}
              layers:
                - {type: dense, units: 4, activation: relu}
                - {type: dense, units: 1, activation: sigmoid}
              epochs: 2
            """);

        var run = await SweepProcess.RunAsync("run", file, "--store", temp.Store);

        Assert.Equal((2, ""), (run.ExitCode, run.Output));
        Assert.Equal($"sweep: {file}: {key}: {data}: {problem}", Flatten(run.Error));
        Assert.False(Directory.Exists(temp.Store));
    }

    [Fact]
    public async Task Results_GridSettings_AreColumnsAndFilterEveryFormat()
    {
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("small.yaml", TestSweeps.TwoSeedsFifteenEpochs);
        var run = await SweepProcess.RunAsync("run", file, "--store", temp.Store);
        var id = SweepId().Match(run.Output).Groups[1].Value;

        var all = await SweepProcess.RunAsync("results", id, "--format", "csv", "--store", temp.Store);
        var l1 = await SweepProcess.RunAsync("results", id, "--format", "csv", "--configs", "kind=l1", "--store", temp.Store);
        var trials = await SweepProcess.RunAsync("results", id, "--format", "csv", "--trials", "--configs", "kind=l1", "--store", temp.Store);
        var history = await SweepProcess.RunAsync("results", id, "--format", "history", "--configs", "kind=l1", "--store", temp.Store);
        var unknown = await SweepProcess.RunAsync("results", id, "--configs", "kind=l7", "--store", temp.Store);

        Assert.Equal(0, run.ExitCode);
        var rows = CsvRows.Parse(all.Output);
        Assert.Equal(["rank", "configuration_id", "label", "kind", "completed"], rows[0][..5]);
        Assert.Equal(["none", "l1"], rows[1..].Select(r => r[3]).Order().Reverse());
        var l1Row = Assert.Single(rows[1..], r => r[3] == "l1");
        Assert.Equal([rows[0], l1Row], CsvRows.Parse(l1.Output));
        var trialRows = CsvRows.Parse(trials.Output);
        Assert.Equal(["configuration_id", "label", "kind", "seed"], trialRows[0][..4]);
        Assert.Equal(["l1", "l1"], trialRows[1..].Select(r => r[2]));
        var historyRows = CsvRows.Parse(history.Output);
        Assert.Equal(["configuration_id", "label", "kind", "seed", "epoch", "metric", "value"], historyRows[0]);
        Assert.Equal(2 * 15 * 5, historyRows.Length - 1);
        Assert.Equal(Enumerable.Range(1, 15).Select(e => e.ToString(System.Globalization.CultureInfo.InvariantCulture)), historyRows.Where(r => r[3] == "0" && r[5] == "val_accuracy").Select(r => r[4]));
        Assert.Equal(2, unknown.ExitCode);
        Assert.Equal($"sweep: --configs: no configuration of sweep {id} has kind=l7; its values: kind: l1, none", Flatten(unknown.Error));
    }

    [Fact]
    public async Task Results_Parquet_IsTheCsvTableTypedWithTheJsonValues()
    {
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("small.yaml", TestSweeps.TwoSeedsFifteenEpochs + "\n  layers.0.units: [8, 16]\n");
        var run = await SweepProcess.RunAsync("run", file, "--store", temp.Store);
        var id = SweepId().Match(run.Output).Groups[1].Value;
        var (trialsFile, configurationsFile) = (Path.Combine(temp.Root, "trials.parquet"), Path.Combine(temp.Root, "configurations.parquet"));

        var trials = await SweepProcess.RunAsync("results", id, "--format", "parquet", "--trials", "--out", trialsFile, "--store", temp.Store);
        var configurations = await SweepProcess.RunAsync("results", id, "--format", "parquet", "--out", configurationsFile, "--store", temp.Store);
        var piped = await SweepProcess.RunAsync("results", id, "--format", "parquet", "--store", temp.Store);
        var trialsCsv = await SweepProcess.RunAsync("results", id, "--format", "csv", "--trials", "--store", temp.Store);
        var configurationsCsv = await SweepProcess.RunAsync("results", id, "--format", "csv", "--store", temp.Store);
        var json = JsonNode.Parse((await SweepProcess.RunAsync("results", id, "--format", "json", "--store", temp.Store)).Output)!;

        Assert.True(trials.ExitCode == 0, trials.Error);
        Assert.True(configurations.ExitCode == 0, configurations.Error);
        var trialColumns = await ReadParquetAsync(trialsFile);
        Assert.Equal(CsvRows.Parse(trialsCsv.Output)[0], trialColumns.Keys);
        Assert.Equal(CsvRows.Parse(configurationsCsv.Output)[0], (await ReadParquetAsync(configurationsFile)).Keys);
        Assert.Equal(8, trialColumns["seed"].Length);
        Assert.IsType<long?[]>(trialColumns["seed"]);
        Assert.IsType<double?[]>(trialColumns["units"]);
        Assert.IsType<string?[]>(trialColumns["kind"]);
        Assert.IsType<DateTime?[]>(trialColumns["started"]);
        var expected = json["trials"]!.AsArray().ToDictionary(t => ((string)t!["configuration_id"]!, (long)t["seed"]!), t => ((double)t!["metrics"]!["test_accuracy"]!, (double)t["settings"]!["units"]!));
        var actual = Enumerable.Range(0, 8).ToDictionary(
            i => ((string)trialColumns["configuration_id"].GetValue(i)!, (long)trialColumns["seed"].GetValue(i)!),
            i => ((double)trialColumns["test_accuracy"].GetValue(i)!, (double)trialColumns["units"].GetValue(i)!));
        Assert.Equal(expected.OrderBy(p => p.Key), actual.OrderBy(p => p.Key));
        var started = json["trials"]!.AsArray().ToDictionary(t => ((string)t!["configuration_id"]!, (long)t["seed"]!), t => ((DateTimeOffset)t!["started"]!).UtcDateTime);
        for (var i = 0; i < 8; i++)
        {
            // Microseconds, in UTC.
            var key = ((string)trialColumns["configuration_id"].GetValue(i)!, (long)trialColumns["seed"].GetValue(i)!);
            Assert.Equal(started[key], (DateTime)trialColumns["started"].GetValue(i)!, TimeSpan.FromMicroseconds(1));
        }

        Assert.Equal(0, piped.ExitCode);
        Assert.StartsWith("PAR1", piped.Output, StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, Array>> ReadParquetAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await Parquet.ParquetReader.CreateAsync(stream);
        using var group = reader.OpenRowGroupReader(0);
        var rows = checked((int)group.RowCount);
        var columns = new Dictionary<string, Array>();
        foreach (var field in reader.Schema.GetDataFields())
        {
            columns[field.Name] = field.ClrType switch
            {
                var t when t == typeof(string) || t == typeof(ReadOnlyMemory<char>) => await ReadAsync<string?>(rows, values => group.ReadAsync(field, values, null, default)),
                var t when t == typeof(long) => await ReadAsync<long?>(rows, values => group.ReadAsync<long>(field, values, null, default)),
                var t when t == typeof(double) => await ReadAsync<double?>(rows, values => group.ReadAsync<double>(field, values, null, default)),
                var t when t == typeof(bool) => await ReadAsync<bool?>(rows, values => group.ReadAsync<bool>(field, values, null, default)),
                var t when t == typeof(DateTime) => await ReadAsync<DateTime?>(rows, values => group.ReadAsync<DateTime>(field, values, null, default)),
                var t => throw new InvalidOperationException($"column {field.Name} of {t}"),
            };
        }

        return columns;
    }

    private static async Task<T[]> ReadAsync<T>(int rows, Func<Memory<T>, ValueTask> read)
    {
        var values = new T[rows];
        await read(values);
        return values;
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Run_ANewStore_IsReadableByItsOwnerOnly()
    {
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("small.yaml", TestSweeps.TwoSeedsFifteenEpochs);
        var store = Path.Combine(temp.Root, "new", "store");

        var run = await SweepProcess.RunAsync("run", file, "--store", store);

        Assert.True(run.ExitCode == 0, run.Error);
        const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Assert.Equal(Folder, File.GetUnixFileMode(store));
        Assert.Equal(Folder, File.GetUnixFileMode(Path.GetDirectoryName(store)!));
        var files = Directory.GetFiles(store, "sweep.db*");
        Assert.Contains(Path.Combine(store, "sweep.db"), files);
        Assert.All(files, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
    }

    [Fact]
    public async Task Run_TrialsThatFail_EndsWithOneLinePerDistinctErrorAndNoStackTrace()
    {
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("small.yaml", TestSweeps.TwoSeedsFifteenEpochs.Replace("seeds: 2", "seeds: 2\ntrial_time_limit: 0.001", StringComparison.Ordinal).Replace("epochs: 15", "epochs: 100000", StringComparison.Ordinal));

        var run = await SweepProcess.RunAsync("run", file, "--store", temp.Store);

        Assert.Equal(1, run.ExitCode);
        var lines = run.Error.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines, "4 trials failed: stopped at the time limit of 0.001 s (trial_time_limit)");

        // No failed attempt is logged as it happens, with its stack trace (frames of the training or the trial grain).
        Assert.DoesNotContain(lines, line => line.Contains("Trial ", StringComparison.Ordinal) && line.EndsWith(" failed", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.StartsWith("at Sweep.Training.", StringComparison.Ordinal) || line.StartsWith("at Sweep.Grains.", StringComparison.Ordinal));
        var id = SweepId().Match(run.Output).Groups[1].Value;
        var status = await SweepProcess.RunAsync("status", id, "--store", temp.Store);
        Assert.Contains("state failed", Flatten(string.Join(" ", status.Output.Split(' ', StringSplitOptions.RemoveEmptyEntries))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_GridAboveTheLimit_IsRefusedBeforeAnythingIsStoredUnlessForced()
    {
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("small.yaml", TestSweeps.TwoSeedsFifteenEpochs);

        var refused = await SweepProcess.RunAsync("run", file, "--max-grid", "3", "--store", temp.Store);
        var storeAfterRefusal = Directory.Exists(temp.Store);
        var forced = await SweepProcess.RunAsync("run", file, "--max-grid", "3", "--force", "--store", temp.Store);

        Assert.Equal(2, refused.ExitCode);
        Assert.Equal(
            $"sweep: {file}: the sweep has at least 4 trials (2 configurations or more x 2 seeds), above the limit of 3; pass --force to run it anyway, or raise --max-grid",
            Flatten(refused.Error));
        Assert.False(storeAfterRefusal);
        Assert.True(forced.ExitCode == 0, forced.Error);
        Assert.Contains("trials 4/4 100%", forced.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadInput_EachCase_ExitsWithTwoNamesTheProblemAndLeavesTheStoreAsItWas()
    {
        using var temp = new TemporaryStore();
        var good = temp.WriteFile("small.yaml", TestSweeps.TwoSeedsFifteenEpochs);
        var run = await SweepProcess.RunAsync("run", good, "--store", temp.Store);
        var id = SweepId().Match(run.Output).Groups[1].Value;
        var before = await SweepProcess.RunAsync("results", id, "--format", "json", "--store", temp.Store);
        var big = temp.WriteFile("big.yaml", TestSweeps.TwoSeedsFifteenEpochs + "\n#" + new string('-', 1 << 20));
        var cases = new (string[] Arguments, string Expected)[]
        {
            (Bad("name: small", "name: [small"), ": line 2, column 1: invalid YAML: the text cannot be read from here on; is a '[' or '{' left open?"),
            (Bad("epochs: 15", "epochz: 15"), ": trial.epochz: unknown key (did you mean 'epochs'?)"),
            (Bad("units: 16", "units: many"), ": trial.layers.0.units: expected a whole number, got 'many'"),
            (Bad("units: 16", "units: 0"), ": trial.layers.0.units: 0 is out of range; allowed: 1 to 100000"),
            (Bad("kind: [none, l1]", "kind: []"), ": grid.layers.0.activity_regularizer.kind: needs at least one value"),
            (Bad("{kind: circles, samples: 100, noise: 0.1, random_state: 1, train_rows: 30}", "{kind: csv, path: missing.csv, label: y, train_rows: 30}"), "missing.csv"),
            (Bad("seeds: 2", "seeds: [1, 1]"), ": seeds: needs at least one seed and no seed twice"),
            (["run", good, "--seeds", "0", "--store", temp.Store], "--seeds must be from 1 to 100000, got 0"),
            (["run", good, "--seeds", "many", "--store", temp.Store], "--seeds must be a whole number from 1 to 100000, got 'many'"),
            (["run", good, "--top", "99999999999", "--store", temp.Store], "--top must be at most 2147483647, got 99999999999"),
            (["run", good, "--parallel", "2.5", "--store", temp.Store], "--parallel must be a whole number from 1 to 1024, got '2.5'"),
            (["results", "no-such-sweep", "--store", temp.Store], "no sweep with id 'no-such-sweep'"),
            (["cancel", "no-such-sweep", "--store", temp.Store], "no sweep with id 'no-such-sweep'"),
            (["retry", "no-such-sweep", "--store", temp.Store], "no sweep with id 'no-such-sweep'"),
            (["retry", id, "--parallel", "0", "--store", temp.Store], "--parallel must be from 1 to 1024, got 0"),
            (["results", id, "--format", "parquet", "--out", good + "/x.parquet", "--store", temp.Store], $"--out: the folder {good} does not exist"),
            (["results", id, "--format", "csv", "--out", temp.Root, "--store", temp.Store], $"--out: {temp.Root} is a directory; give a file"),
            (["list", "--store", good], $"--store: {good} is a file; give the store's directory (the one that holds sweep.db)"),
            (["run", good, "--store", good], $"--store: {good} is a file; give the store's directory"),
            (["report", "no-such-sweep", "--out", Path.Combine(temp.Root, "report"), "--store", temp.Store], "no sweep with id 'no-such-sweep'"),
            (["report", id, "--out", good, "--store", temp.Store], $"--out: {good} is a file; give a directory"),
            (["plot", "no-such-sweep", "--out", Path.Combine(temp.Root, "p.png"), "--store", temp.Store], "no sweep with id 'no-such-sweep'"),
            (["plot", id, "--out", Path.Combine(temp.Root, "p.jpg"), "--store", temp.Store], "--out: 'p.jpg' must end in .png or .svg"),
            (["plot", id, "--kind", "curves", "--configs", "kind=l3", "--out", Path.Combine(temp.Root, "p.png"), "--store", temp.Store], $"--configs: no configuration of sweep {id} has kind=l3; its values: kind: l1, none"),
            (["plot", id, "--kind", "curves", "--configs", "rate=0.5", "--out", Path.Combine(temp.Root, "p.png"), "--store", temp.Store], $"--configs: sweep {id} has no grid setting 'rate'; its grid settings: kind"),
            (["results", id, "--configs", "l3", "--store", temp.Store], $"--configs: sweep {id} has no configuration 'l3'; give an id, a label, a rank (#1) or a grid setting (name=value)"),
            (["plot", id, "--kind", "histogram", "--out", Path.Combine(temp.Root, "p.png"), "--store", temp.Store], "Argument 'histogram' not recognized. Must be one of:"),
            (Bad("seeds: 2", "seeds: 2\nbaseline: {layers.0.units: 16}"), ": baseline.layers.0.units: is not a grid setting; the grid sets layers.0.activity_regularizer.kind"),
            (Bad("name: small", "name: &n small\ndescription: *n"), ": line 1, column 7: invalid YAML: anchors (&n) are not supported: write the value out where it is used"),
            (Bad("seeds: 2", "seeds: 2\n---\nname: other"), ": line 3, column 1: invalid YAML: a sweep file is one YAML document; a second one begins here ('---')"),
            (["run", temp.WriteFile("deep.yaml", "name: deep\ntrial: " + new string('[', 100_000) + new string(']', 100_000)), "--store", temp.Store], ": invalid YAML: lists and mappings nest more than 32 deep here"),
            (Bad("kind: [none, l1]", $"kind: [none, l1]\n  epochs: [{Values(1000)}]\n  batch_size: [{Values(1000)}]"), ": grid: 2 x 1000 x 1000 values make 2000000 combinations, above the limit of 1000000 a sweep may have"),
            (Bad("kind: [none, l1]", $"kind: [none, l1]\n  epochs: [{Values(3000)}]"), ": the sweep has at least 10002 trials (5001 configurations or more x 2 seeds), above the limit of 10000; pass --force"),
            (["run", big, "--store", temp.Store], $"big.yaml: is {new FileInfo(big).Length} bytes; a sweep file may have at most 1048576 bytes (1 MiB)"),
            (["run", "/dev/zero", "--store", temp.Store], "sweep: /dev/zero: is a device, not a sweep file: only regular files are read"),
            (["run", temp.Root, "--store", temp.Store], $"sweep: {temp.Root}: is a directory, not a sweep file: only regular files are read"),
            (["run", Fifo(), "--store", temp.Store], "fifo.yaml: is a FIFO (named pipe), not a sweep file: only regular files are read"),
        };

        foreach (var (arguments, expected) in cases)
        {
            var result = await SweepProcess.RunAsync(arguments);
            Assert.True(result.ExitCode == 2, $"{string.Join(' ', arguments)}: exit {result.ExitCode}, {result.Error}");
            Assert.Contains(expected, Flatten(result.Error), StringComparison.Ordinal);
        }

        var after = await SweepProcess.RunAsync("results", id, "--format", "json", "--store", temp.Store);
        var list = await SweepProcess.RunAsync("list", "--store", temp.Store);
        Assert.Equal(before.Output, after.Output);
        Assert.Single(list.Output.Split('\n'), line => line.Contains("small-", StringComparison.Ordinal));

        static string Values(int count) => string.Join(", ", Enumerable.Range(1, count));

        string Fifo()
        {
            var path = Path.Combine(temp.Root, "fifo.yaml");
            Assert.Equal(0, Mono.Unix.Native.Syscall.mkfifo(path, Mono.Unix.Native.FilePermissions.S_IRUSR | Mono.Unix.Native.FilePermissions.S_IWUSR));
            return path;
        }

        string[] Bad(string from, string to)
        {
            var text = TestSweeps.TwoSeedsFifteenEpochs.Replace(from, to, StringComparison.Ordinal);
            Assert.NotEqual(TestSweeps.TwoSeedsFifteenEpochs, text);
            return ["run", temp.WriteFile($"bad-{Guid.NewGuid():N}.yaml", text), "--store", temp.Store];
        }
    }

    [Fact]
    public async Task Run_SameFileAgain_ReusesStoredTrials()
    {
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("small.yaml", TestSweeps.TwoSeedsFifteenEpochs);
        var first = await SweepProcess.RunAsync("run", file, "--store", temp.Store);

        var second = await SweepProcess.RunAsync("run", file, "--store", temp.Store);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("4 trials already in the store", second.Output, StringComparison.Ordinal);
        var list = await SweepProcess.RunAsync("list", "--store", temp.Store);
        Assert.Single(SweepId().Matches(first.Output));
        Assert.Contains(SweepId().Match(first.Output).Groups[1].Value, list.Output, StringComparison.Ordinal);
        Assert.Contains("4/4", list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownKey_ExitsWithTheFileAndKeyBeforeRunning()
    {
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("bad.yaml", TestSweeps.TwoSeedsFifteenEpochs.Replace("epochs: 15", "epocs: 15", StringComparison.Ordinal));

        var run = await SweepProcess.RunAsync("run", file, "--store", temp.Store);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"sweep: {file}: trial.epocs: unknown key (did you mean 'epochs'?); allowed here: backend, batch_size, dataset, early_stopping, epochs, layers, learning_rate_schedule, loss, optimizer, reduce_lr_on_plateau", Flatten(run.Error));
        Assert.False(Directory.Exists(temp.Store));
    }

    [Fact]
    public async Task Status_UnknownSweep_ExitsWithItsId()
    {
        using var temp = new TemporaryStore();
        await SweepProcess.RunAsync("run", temp.WriteFile("small.yaml", TestSweeps.TwoSeedsFifteenEpochs), "--store", temp.Store, "--epochs", "1", "--seeds", "1");

        var status = await SweepProcess.RunAsync("status", "no-such-sweep", "--store", temp.Store);

        Assert.Equal(2, status.ExitCode);
        Assert.Equal("sweep: no sweep with id 'no-such-sweep' (sweep list shows the sweeps in this store)", Flatten(status.Error));
    }

    [Fact]
    public async Task Parse_BadOptionsAndCommands_ExitWithTwoAndSayWhy()
    {
        var metric = await SweepProcess.RunAsync("best", "x", "--metric", "accuracy", "--store", "/nonexistent");
        var top = await SweepProcess.RunAsync("best", "x", "--top", "0", "--store", "/nonexistent");
        var parallel = await SweepProcess.RunAsync("run", "x.yaml", "--parallel", "5000", "--store", "/nonexistent");
        var typo = await SweepProcess.RunAsync("rnu", "x.yaml");

        Assert.Equal(2, metric.ExitCode);
        Assert.StartsWith("sweep: Argument 'accuracy' not recognized. Must be one of:", metric.Error, StringComparison.Ordinal);
        Assert.Equal(2, top.ExitCode);
        Assert.Equal("sweep: --top must be at least 1, got 0", Flatten(top.Error));
        Assert.Equal(2, parallel.ExitCode);
        Assert.Equal("sweep: --parallel must be from 1 to 1024, got 5000", Flatten(parallel.Error));
        Assert.Equal(2, typo.ExitCode);
        Assert.Equal("sweep: unknown command 'rnu'; commands: run, submit, list, status, watch, cancel, retry, best, results, plot, report, serve, dataset", Flatten(typo.Error));
    }

    [Fact]
    public async Task Results_UnwritableOutput_SaysWhereAndKeepsTheStore()
    {
        using var temp = new TemporaryStore();
        var run = await SweepProcess.RunAsync("run", temp.WriteFile("small.yaml", TestSweeps.TwoSeedsFifteenEpochs), "--store", temp.Store, "--epochs", "1", "--seeds", "1");
        var id = SweepId().Match(run.Output).Groups[1].Value;

        var results = await SweepProcess.RunAsync("results", id, "--format", "csv", "--out", Path.Combine(temp.Root, "missing", "x.csv"), "--store", temp.Store);
        var again = await SweepProcess.RunAsync("results", id, "--format", "csv", "--store", temp.Store);

        // Known before anything is read: bad input, named.
        Assert.Equal(2, results.ExitCode);
        Assert.Equal($"sweep: --out: the folder {Path.Combine(temp.Root, "missing")} does not exist", Flatten(results.Error));
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(3, again.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Dataset_SineWaves_WritesEveryRowExactly()
    {
        using var temp = new TemporaryStore();
        var file = Path.Combine(temp.Root, "waves.csv");

        var export = await SweepProcess.RunAsync("dataset", "sine_waves", "samples=6", "timesteps=5", "n_classes=3", "noise=0.2", "random_state=4", "--out", file);
        var typo = await SweepProcess.RunAsync("dataset", "sine_waves", "timestep=5", "--out", file);

        Assert.Equal(0, export.ExitCode);
        var expected = Training.Datasets.SineWaves.Make(6, 5, 3, 0.2, 4);
        var lines = CsvRows.Parse(File.ReadAllText(file));
        Assert.Equal(["x0", "x1", "x2", "x3", "x4", "label"], lines[0]);
        Assert.Equal(7, lines.Length);
        for (var row = 0; row < 6; row++)
        {
            var values = lines[row + 1];
            Assert.Equal(expected.Features[row], values[..5].Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(expected.Labels[row], int.Parse(values[5], System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(2, typo.ExitCode);
        Assert.Equal("sweep: dataset.timestep: unknown key (did you mean 'timesteps'?); allowed here: kind, n_classes, noise, random_state, samples, standardize, test_fraction, timesteps, train_rows, validation_fraction, validation_rows", Flatten(typo.Error));
    }

    [Fact]
    public async Task Submit_CsvTooLargeToSend_SaysHowToShareItBeforeConnecting()
    {
        using var temp = new TemporaryStore();
        var csv = Path.Combine(temp.Root, "large.csv");
        await using (var writer = new StreamWriter(csv))
        {
            await writer.WriteAsync("a,label\n");
            var rows = string.Concat(Enumerable.Repeat("1,0\n", 1 << 20));
            for (var i = 0; i < 17; i++)
            {
                await writer.WriteAsync(rows);
            }
        }

        var file = temp.WriteFile("large.yaml", """
            trial:
              dataset: {kind: csv, path: large.csv, train_rows: 10}
              layers: [{type: dense, units: 1, activation: sigmoid}]
              epochs: 1
            """);

        // The size is checked before the cluster is asked for: this address has nothing listening.
        var submit = await SweepProcess.RunAsync("submit", file, "--cluster", "127.0.0.1:1");
        var shared = await SweepProcess.RunAsync("submit", file, "--cluster", "127.0.0.1:1", "--data", "path");

        Assert.Equal(2, submit.ExitCode);
        Assert.Equal($"sweep: {csv} is 68 MiB; a CSV file sent with a sweep may be at most 64 MiB. Put it at the same path on every silo host and submit with --data path", Flatten(submit.Error));
        Assert.Equal(2, shared.ExitCode);
        Assert.Equal("sweep: cannot reach Redis at 127.0.0.1:1 (--cluster or $SWEEP_CLUSTER)", Flatten(shared.Error));
    }

    private static string Flatten(string text) => string.Join(" ", text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    [GeneratedRegex(@"sweep (small-[0-9a-f]{8})")]
    private static partial Regex SweepId();
}
