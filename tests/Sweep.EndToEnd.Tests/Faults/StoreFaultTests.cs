using System.Diagnostics;
using Sweep.Client.Tests.Support;
using Sweep.EndToEnd.Tests.Support;

namespace Sweep.EndToEnd.Tests.Faults;

/// <summary>
/// Stores on file systems that fail for real: a read-only mount (a tmpfs remounted read-only) and a full one (a tiny
/// tmpfs), made and removed by the test. Mounting needs root, which CI has; elsewhere these tests are skipped with the reason, unless
/// <c>SWEEP_REQUIRE_ROOT=1</c> says they must run.
/// </summary>
public sealed class StoreFaultTests
{
    public const string RequireVariable = "SWEEP_REQUIRE_ROOT";

    private const string Sweep = """
        name: small
        seeds: 2
        trial:
          dataset: {kind: circles, samples: 100, noise: 0.1, random_state: 1, train_rows: 30}
          layers:
            - {type: dense, units: 16, activation: relu}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 15
        grid:
          layers.0.units: [8, 16]
        """;

    [SkippableFact]
    public async Task ReadOnlyFileSystem_QueriesAnswerAsBeforeAndRunNamesTheCause()
    {
        await OnTmpfsAsync("16m", Sweep, async (file, mount, store) =>
        {
            var run = await SweepProcess.RunAsync("run", file, "--store", store);
            Assert.True(run.ExitCode == 0, run.Error);
            var id = run.Output.Split(':')[0]["sweep ".Length..];
            string[][] queries = [["list"], ["status", id], ["best", id], ["results", id, "--format", "json"], ["watch", id]];
            var before = new List<string>();
            foreach (var query in queries)
            {
                before.Add((await SweepProcess.RunAsync([.. query, "--store", store])).Output);
            }

            await CheckedAsync("mount", "-o", "remount,ro", mount);

            foreach (var (query, expected) in queries.Zip(before))
            {
                var answer = await SweepProcess.RunAsync([.. query, "--store", store]);
                Assert.True(answer.ExitCode == 0, $"{string.Join(' ', query)}: {answer.Error}");
                Assert.Equal(expected, answer.Output);
            }

            var again = await SweepProcess.RunAsync("run", file, "--store", store);
            Assert.Equal(1, again.ExitCode);
            Assert.Equal($"sweep: the store {store} cannot be written: Read-only file system : '{store}/run.lock'", again.Error.Trim());
        });
    }

    [SkippableFact]
    public async Task FullDisk_RunFailsNamingTheStoreAndCauseOnceAndTheQueriesAgree()
    {
        await OnTmpfsAsync("600k", FillsTheDisk, async (file, mount, store) =>
        {
            var run = await SweepProcess.RunAsync("run", file, "--store", store);
            var id = run.Output.Split(':')[0]["sweep ".Length..];
            var results = await SweepProcess.RunAsync("results", id, "--format", "json", "--store", store);
            var status = await SweepProcess.RunAsync("status", id, "--store", store);

            Assert.Equal(1, run.ExitCode);
            Assert.DoesNotContain("Stored in", run.Output, StringComparison.Ordinal);
            var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith("trials ", StringComparison.Ordinal)).ToArray();
            // One summary line per cause (SQLite may say the disk is full, or fail to write for it), not one line per trial.
            var summaries = lines.Where(l => l.Contains($"trials failed: its result could not be stored in the results store {store}/sweep.db: SQLite Error ", StringComparison.Ordinal)).ToArray();
            Assert.Contains(summaries, l => l.EndsWith("SQLite Error 13: 'database or disk is full'.", StringComparison.Ordinal));
            Assert.True(lines.Length <= 2 * summaries.Length + 1, string.Join('\n', lines));

            // What was stored is what every query reports: the stored trials, and the others as not run.
            Assert.True(results.ExitCode == 0, results.Error);
            var stored = System.Text.Json.Nodes.JsonNode.Parse(results.Output)!["trials"]!.AsArray().Count;
            var notStored = summaries.Sum(l => int.Parse(l.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(20, stored + notStored);
            Assert.Contains($"20: {stored} completed, 0 failed, 0 diverged, {notStored} not run", status.Output, StringComparison.Ordinal);
        });
    }

    [SkippableFact]
    public async Task FullDisk_OnceThereIsRoom_RetryTrainsOnlyWhatWasNotStored()
    {
        await OnTmpfsAsync("600k", FillsTheDisk, async (file, mount, store) =>
        {
            var run = await SweepProcess.RunAsync("run", file, "--store", store);
            var id = run.Output.Split(':')[0]["sweep ".Length..];
            var storedFirst = System.Text.Json.Nodes.JsonNode.Parse((await SweepProcess.RunAsync("results", id, "--format", "json", "--store", store)).Output)!["trials"]!.AsArray()
                .Select(t => ((string)t!["configuration_id"]!, (int)t["seed"]!, (string)t["started"]!)).ToArray();
            await CheckedAsync("mount", "-o", "remount,size=64m", mount);

            var retry = await SweepProcess.RunAsync("retry", id, "--store", store);
            var again = await SweepProcess.RunAsync("retry", id, "--store", store);
            var trials = System.Text.Json.Nodes.JsonNode.Parse((await SweepProcess.RunAsync("results", id, "--format", "json", "--store", store)).Output)!["trials"]!.AsArray();

            Assert.Equal(1, run.ExitCode);
            Assert.NotEmpty(storedFirst);
            Assert.True(retry.ExitCode == 0, retry.Error);
            Assert.Contains($"sweep {id}: 0 failed and {20 - storedFirst.Length} never run trials to train again", retry.Error, StringComparison.Ordinal);
            Assert.Contains("Stored in", retry.Output, StringComparison.Ordinal);
            Assert.Equal(20, trials.Count);
            Assert.All(trials, t => Assert.Equal("completed", (string)t!["state"]!));

            // The trials stored by the first run were not trained again.
            var now = trials.ToDictionary(t => ((string)t!["configuration_id"]!, (int)t["seed"]!), t => (string)t!["started"]!);
            Assert.All(storedFirst, t => Assert.Equal(t.Item3, now[(t.Item1, t.Item2)]));
            Assert.Equal((0, $"sweep {id} has nothing to retry: 20 completed, 0 diverged (diverged trials diverge again)"), (again.ExitCode, again.Error.Trim()));
        });
    }

    // 2000 epochs: each trial's history is about 100 KB, so a 600 KiB file system fills after a few of its 20 trials.
    private static readonly string FillsTheDisk = Sweep.Replace("seeds: 2", "seeds: 10", StringComparison.Ordinal).Replace("epochs: 15", "epochs: 2000", StringComparison.Ordinal);

    /// <summary>Runs <paramref name="test"/> with a sweep file and a store folder on a fresh tmpfs of <paramref name="size"/>, unmounted after it.</summary>
    private static async Task OnTmpfsAsync(string size, string sweep, Func<string, string, string, Task> test)
    {
        SkipUnlessRoot();
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("sweep.yaml", sweep);
        var mount = Directory.CreateDirectory(Path.Combine(temp.Root, "mount")).FullName;
        await CheckedAsync("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", mount);
        try
        {
            await test(file, mount, Path.Combine(mount, "store"));
        }
        finally
        {
            await CheckedAsync("umount", mount);
        }
    }

    private static void SkipUnlessRoot()
    {
        var root = Environment.UserName == "root";
        Assert.True(root || Environment.GetEnvironmentVariable(RequireVariable) != "1", $"{RequireVariable}=1 but the tests do not run as root");
        Skip.IfNot(root, "mounting a read-only file system needs root");
    }

    private static async Task CheckedAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)}: {error}");
    }
}
