using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Sweep.Client.Hosting;
using Sweep.Grains.Contracts;
using Sweep.Training.Sweeps;

namespace Sweep.Client.Bench;

/// <summary>
/// Orchestration at scale: a sweep of many one-epoch trials of a tiny model through the embedded cluster, where
/// leases, activations, stores and reports are nearly all the work. It measures the overhead per trial and whether
/// the process's memory grows per completed trial by more than the outcome the sweep keeps of it.
/// </summary>
internal static class ScaleBench
{
    private const int Configurations = 10;

    public static async Task<JsonObject> RunAsync(int trials, int cores, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var seeds = Math.Max(1, trials / Configurations);
        var text = string.Create(CultureInfo.InvariantCulture, $$"""
            name: bench-scale
            seeds: {{seeds}}
            trial:
              dataset: {kind: circles, samples: 40, noise: 0.1, random_state: 1, train_rows: 20}
              layers:
                - {type: dense, units: 4, activation: relu}
                - {type: dense, units: 1, activation: sigmoid}
              epochs: 1
            grid:
              layers.0.units: [{{string.Join(", ", Enumerable.Range(1, Configurations))}}]
            """);
        var plan = SweepFile.Parse(text, "bench-scale.yaml", "bench-scale");
        var store = new StoreLocation(Path.Combine(Path.GetTempPath(), "sweep-bench-" + Guid.NewGuid().ToString("N")));
        try
        {
            await using var cluster = await EmbeddedCluster.StartAsync(store, EmbeddedUse.Run(plan.Id, cores), cancellationToken);
            var sweep = cluster.Grains.GetGrain<ISweepGrain>(plan.Id);
            var memory = new List<(int Done, long Bytes)> { (0, Heap()) };
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var status = await sweep.StartAsync(new SweepRequest("bench-scale.yaml", text, null, null, null));
            var nextMark = plan.TrialCount / 5;
            while (!status.Ended)
            {
                status = await sweep.WaitForProgressAsync(status.Done, TimeSpan.FromSeconds(1));
                if (status.Done >= nextMark && !status.Ended)
                {
                    memory.Add((status.Done, Heap()));
                    console.MarkupLine(Format($"  {status.Done}/{plan.TrialCount} trials, {clock.Elapsed.TotalSeconds:F1} s, managed heap {memory[^1].Bytes / (1024.0 * 1024):F1} MiB"));
                    nextMark += plan.TrialCount / 5;
                }
            }

            var elapsed = clock.Elapsed.TotalSeconds;
            var report = await sweep.GetReportAsync(null);
            memory.Add((status.Done, Heap()));
            var result = ThroughputBench.Summarize(report.Trials, cores, elapsed, console);
            var slope = Slope(memory.Skip(1).ToArray());
            var outcome = JsonSerializer.SerializeToUtf8Bytes(report.Trials[^1]).Length;
            console.MarkupLine(Format($"memory: the managed heap grew by [bold]{slope:F0} bytes per completed trial[/] after the first fifth (one outcome is {outcome} bytes as JSON; the sweep keeps one per trial)"));
            result["heap_bytes_per_trial"] = BenchResults.Number(slope, 0);
            result["outcome_json_bytes"] = outcome;
            result["heap_mib"] = new JsonArray(memory.Select(m => (JsonNode?)new JsonObject { ["done"] = m.Done, ["mib"] = BenchResults.Number(m.Bytes / (1024.0 * 1024), 2) }).ToArray());
            return result;
        }
        finally
        {
            Directory.Delete(store.Directory, recursive: true);
        }
    }

    private static long Heap() => GC.GetTotalMemory(forceFullCollection: true);

    // Least-squares bytes per trial through the marks.
    private static double Slope(IReadOnlyList<(int Done, long Bytes)> marks)
    {
        if (marks.Count < 2)
        {
            return double.NaN;
        }

        var (mx, my) = (marks.Average(m => (double)m.Done), marks.Average(m => (double)m.Bytes));
        var covariance = marks.Sum(m => (m.Done - mx) * (m.Bytes - my));
        var variance = marks.Sum(m => (m.Done - mx) * (m.Done - mx));
        return variance == 0 ? double.NaN : covariance / variance;
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
