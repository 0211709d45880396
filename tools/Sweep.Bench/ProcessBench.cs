using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Spectre.Console;

namespace Sweep.Bench;

/// <summary>
/// What a user feels: <c>sweep run FILE</c> as a separate process on a fresh store, timed from launch (Enter) to exit (the
/// prompt), beside the figures inside it: from launch to the first trial's start, from the last line printed to the
/// exit, and the trials' training time divided by the slots (the least a run can take).
/// </summary>
internal static partial class ProcessBench
{
    public static async Task<JsonObject> RunAsync(SweepProgram program, string file, int runs, int slots, IAnsiConsole console, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            throw new ArgumentException($"--process-file: no sweep file at {Path.GetFullPath(file)}; run the benchmark from the repository's folder, pass --process-file, or --process-runs 0");
        }

        // One run first, not counted: it records the command's start-up profile (see StartupProfile), which the counted runs use.
        await MeasureAsync(program, file, Path.Combine(Path.GetTempPath(), "sweep-bench-process-" + Guid.NewGuid().ToString("N")), slots, cancellationToken, deleteStore: true);
        var table = new Table().AddColumns("run", "whole process", "training / slots", "whole - training / slots", "Enter to first trial", "last line to exit");
        var rows = new JsonArray();
        for (var run = 1; run <= runs; run++)
        {
            var store = Path.Combine(Path.GetTempPath(), "sweep-bench-process-" + Guid.NewGuid().ToString("N"));
            try
            {
                var figures = await MeasureAsync(program, file, store, slots, cancellationToken, deleteStore: false);
                table.AddRow(
                    $"{run}",
                    Seconds(figures.Whole),
                    Seconds(figures.TrainingPerSlot),
                    Seconds(figures.Whole - figures.TrainingPerSlot),
                    Seconds(figures.StartLatency),
                    Seconds(figures.ExitLatency));
                rows.Add(new JsonObject
                {
                    ["whole_process_s"] = BenchResults.Number(figures.Whole, 3),
                    ["training_per_slot_s"] = BenchResults.Number(figures.TrainingPerSlot, 3),
                    ["start_latency_s"] = BenchResults.Number(figures.StartLatency, 3),
                    ["exit_latency_s"] = BenchResults.Number(figures.ExitLatency, 3),
                });
            }
            finally
            {
                if (Directory.Exists(store))
                {
                    Directory.Delete(store, recursive: true);
                }
            }
        }

        console.Write(table);
        return new JsonObject { ["file"] = file, ["sweep"] = program.Path, ["slots"] = slots, ["runs"] = rows };
    }

    private static async Task<(double Whole, double TrainingPerSlot, double StartLatency, double ExitLatency)> MeasureAsync(
        SweepProgram program, string file, string store, int slots, CancellationToken cancellationToken, bool deleteStore)
    {
        try
        {
            return await MeasureInAsync(program, file, store, slots, cancellationToken);
        }
        finally
        {
            if (deleteStore && Directory.Exists(store))
            {
                Directory.Delete(store, recursive: true);
            }
        }
    }

    private static async Task<(double Whole, double TrainingPerSlot, double StartLatency, double ExitLatency)> MeasureInAsync(
        SweepProgram program, string file, string store, int slots, CancellationToken cancellationToken)
    {
        var launched = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var (exitCode, output, error, lastLine) = await program.RunAsync(["run", file, "--store", store, "--parallel", slots.ToString(CultureInfo.InvariantCulture)], cancellationToken);
        var whole = clock.Elapsed.TotalSeconds;
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"sweep run {file} exited with {exitCode}: {error.Trim()}");
        }

        var id = SweepId().Match(output).Groups[1].Value;
        var (_, json, _, _) = await program.RunAsync(["results", id, "--format", "json", "--store", store], cancellationToken);
        var trials = JsonNode.Parse(json)!["trials"]!.AsArray();
        var firstStart = trials.Min(t => DateTimeOffset.Parse((string)t!["started"]!, CultureInfo.InvariantCulture));
        var training = trials.Sum(t => t!["metrics"]!["seconds"]!.GetValue<double>());
        return (whole, training / slots, (firstStart - launched).TotalSeconds, whole - lastLine);
    }

    private static string Seconds(double value) => value.ToString("0.00 's'", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^sweep (\S+): ", RegexOptions.Multiline)]
    private static partial Regex SweepId();
}
