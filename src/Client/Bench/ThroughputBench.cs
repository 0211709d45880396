using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Sweep.Client.Hosting;
using Sweep.Client.Output;
using Sweep.Grains.Contracts;
using Sweep.Training.Sweeps;

namespace Sweep.Client.Bench;

/// <summary>
/// A whole sweep through a cluster (the embedded one, or a running one): trials per second, and the orchestration
/// overhead per trial, the slot time not spent training from the first trial's start to the last one's end (leases,
/// activation, the stores, reports, and the tail where some slots idle), with the gap from one trial's end to the
/// next one's start in the same slot.
/// </summary>
internal static class ThroughputBench
{
    public static async Task<JsonObject> RunAsync(ISweepCluster cluster, SweepPlan plan, SweepRequest request, int? slots, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var sweep = cluster.Grains.GetGrain<ISweepGrain>(plan.Id);
        var clock = Stopwatch.StartNew();
        var startedAt = DateTimeOffset.UtcNow;
        var status = await sweep.StartAsync(request);
        status = await ProgressView.FollowAsync(sweep, status, Terminal.Error, cancellationToken);
        var elapsed = clock.Elapsed.TotalSeconds;
        var report = await sweep.GetReportAsync(null);
        var reused = report.Trials.Count(t => t.Started < startedAt);
        if (reused > 0)
        {
            console.MarkupLine($"[yellow]{reused} trials were already stored on {Markup.Escape(cluster.Location)} and were not trained: measure on a fresh store[/]");
        }

        return Summarize(report.Trials, slots, elapsed, console);
    }

    /// <summary>The figures of a finished sweep's trials, printed and as JSON.</summary>
    public static JsonObject Summarize(IReadOnlyList<TrialOutcome> trials, int? slots, double elapsed, IAnsiConsole console)
    {
        var silos = trials.Select(t => t.Silo).Distinct().Count();
        var slotCount = slots ?? silos;
        var training = trials.Sum(t => t.Metrics?.Seconds ?? 0);
        var span = (trials.Max(t => t.Finished) - trials.Min(t => t.Started)).TotalSeconds;
        var overhead = 1000 * ((span * slotCount) - training) / trials.Count;
        var gaps = trials
            .GroupBy(t => t.Silo)
            .SelectMany(silo => silo.OrderBy(t => t.Started).Zip(silo.OrderBy(t => t.Started).Skip(1), (a, b) => (b.Started - a.Finished).TotalMilliseconds))
            .Where(gap => gap >= 0)
            .Order()
            .ToArray();
        var backends = trials.GroupBy(t => t.Metrics?.Backend ?? "none").ToDictionary(g => g.Key, g => g.Count());
        console.MarkupLine(Format($"sweep: {trials.Count} trials on {silos} silo(s), {slotCount} slots: [bold]{trials.Count / span:F2} trials/s[/] from the first start to the last end ({trials.Count / elapsed:F2} trials/s with start-up and waiting, {elapsed:F2} s); engines: {string.Join(", ", backends.Select(b => $"{b.Key} {b.Value}"))}"));
        console.MarkupLine(Format($"orchestration overhead: [bold]{overhead:F1} ms[/] of slot time per trial not spent training (mean training {1000 * training / trials.Count:F1} ms per trial)"));
        if (gaps.Length > 0 && slotCount == silos)
        {
            console.MarkupLine(Format($"slot turnaround: median {gaps[gaps.Length / 2]:F1} ms, max {gaps[^1]:F1} ms from a trial's end to the next trial's start in the same slot"));
        }

        return new JsonObject
        {
            ["trials"] = trials.Count,
            ["silos"] = silos,
            ["slots"] = slotCount,
            ["trials_per_second"] = BenchResults.Number(trials.Count / span, 2),
            ["trials_per_second_with_startup"] = BenchResults.Number(trials.Count / elapsed, 2),
            ["mean_training_ms"] = BenchResults.Number(1000 * training / trials.Count, 2),
            ["orchestration_ms_per_trial"] = BenchResults.Number(overhead, 2),
            ["median_turnaround_ms"] = gaps.Length > 0 && slotCount == silos ? BenchResults.Number(gaps[gaps.Length / 2], 2) : null,
            ["backends"] = new JsonObject(backends.Select(b => KeyValuePair.Create(b.Key, (JsonNode?)b.Value))),
        };
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
