using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Sweep.Client.Hosting;
using Sweep.Grains.Contracts;
using Sweep.Grains.ResultsStore;
using Sweep.Training.Sweeps;

namespace Sweep.Bench;

/// <summary>
/// Orchestration at scale: a sweep of many one-epoch trials of a tiny model through the embedded cluster, where
/// leases, activations, stores and reports are nearly all the work. It prints the rate of each tenth of the sweep (a
/// cost that grows with the sweep shows as a falling rate), the managed heap at each tenth, the overhead per trial, the
/// store's size and rows, and how long whole <c>sweep</c> query processes take on the finished store.
/// </summary>
internal static class ScaleBench
{
    private const int Configurations = 10;

    public static async Task<JsonObject> RunAsync(SweepProgram program, int trials, int cores, IAnsiConsole console, CancellationToken cancellationToken)
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
        var plan = SweepPlan.Expand(SweepFile.Parse(text, "bench-scale.yaml"));
        var store = new StoreLocation(Path.Combine(Path.GetTempPath(), "sweep-bench-" + Guid.NewGuid().ToString("N")));
        try
        {
            JsonObject result;
            var tenths = new List<(int Done, double Seconds, long Bytes)> { (0, 0, Heap()) };
            await using (var cluster = await EmbeddedCluster.StartAsync(store, EmbeddedUse.Run(plan.Id, cores), cancellationToken))
            {
                var sweep = cluster.Grains.GetGrain<ISweepGrain>(plan.Id);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var status = await sweep.StartAsync(new SweepRequest("bench-scale.yaml", text, null, null, null));
                var tenth = Math.Max(1, plan.TrialCount / 10);
                while (!status.Ended)
                {
                    status = await sweep.WaitForProgressAsync(status.Done, TimeSpan.FromSeconds(1));
                    while (status.Done >= tenths[^1].Done + tenth && tenths.Count <= 10)
                    {
                        var (done, seconds) = (tenths[^1].Done + tenth, clock.Elapsed.TotalSeconds);
                        tenths.Add((done, seconds, Heap()));
                        var rate = tenth / (seconds - tenths[^2].Seconds);
                        console.MarkupLine(Format($"  tenth {tenths.Count - 1,2}: {done}/{plan.TrialCount} trials at {seconds:F1} s, {rate:F0} trials/s, managed heap {tenths[^1].Bytes / (1024.0 * 1024):F1} MiB"));
                    }
                }

                var report = await sweep.GetReportAsync(null);
                result = ThroughputBench.Summarize(report.Trials, cores, clock.Elapsed.TotalSeconds, console);
            }

            var rates = tenths.Zip(tenths.Skip(1), (a, b) => (b.Done - a.Done) / (b.Seconds - a.Seconds)).ToArray();
            var slope = Slope(tenths.Skip(2).Select(t => (t.Done, t.Bytes)).ToArray());
            var bytes = Directory.EnumerateFiles(store.Directory, "sweep.db*").Sum(file => new FileInfo(file).Length);
            // Every trial exactly once: the sweep's rows in the store, by state.
            SweepStatus stored;
            using (var results = new SqliteResultsStore(store.DatabasePath))
            {
                stored = await results.StatusAsync(plan.Id);
            }

            console.MarkupLine(Format($"rate: the last tenth at [bold]{rates[^1]:F0} trials/s[/], {rates[^1] / rates[0]:F2}x the first tenth's {rates[0]:F0}; the managed heap grew by {slope:F0} bytes per trial after the first fifth"));
            console.MarkupLine(Format($"store: {bytes / (1024.0 * 1024):F1} MiB; trials table: {stored.Done} rows, {stored.Completed} completed, of {plan.TrialCount} trials"));
            var queries = new JsonObject();
            foreach (var query in new[] { "list", "status", "best", "results", "results --format csv" })
            {
                string[] arguments = query switch
                {
                    "list" => ["list", "--store", store.Directory],
                    "results --format csv" => ["results", plan.Id, "--format", "csv", "--store", store.Directory],
                    _ => [query, plan.Id, "--store", store.Directory],
                };
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var (exitCode, _, error, _) = await program.RunAsync(arguments, cancellationToken);
                queries[query] = BenchResults.Number(clock.Elapsed.TotalSeconds, 3);
                if (exitCode != 0)
                {
                    throw new InvalidOperationException($"sweep {string.Join(' ', arguments)} failed ({exitCode}): {error}");
                }
            }

            console.MarkupLine(Format($"queries on the finished store, whole processes: {string.Join(", ", queries.Select(q => $"{q.Key} {q.Value} s"))}"));
            result["rate_per_tenth"] = new JsonArray(rates.Select(r => (JsonNode?)BenchResults.Number(r, 1)).ToArray());
            result["last_to_first_tenth"] = BenchResults.Number(rates[^1] / rates[0], 3);
            result["heap_bytes_per_trial"] = BenchResults.Number(slope, 0);
            result["heap_mib"] = new JsonArray(tenths.Select(t => (JsonNode?)new JsonObject { ["done"] = t.Done, ["mib"] = BenchResults.Number(t.Bytes / (1024.0 * 1024), 2) }).ToArray());
            result["store_mib"] = BenchResults.Number(bytes / (1024.0 * 1024), 2);
            result["trial_rows"] = stored.Done;
            result["query_seconds"] = queries;
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
