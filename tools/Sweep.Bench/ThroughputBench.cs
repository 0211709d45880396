using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Sweep.Client.Hosting;
using Sweep.Client.Output;
using Sweep.Grains.Contracts;
using Sweep.Training.Sweeps;

namespace Sweep.Bench;

/// <summary>
/// A whole sweep through a cluster (the embedded one, or a running one): trials per second, and the orchestration
/// overhead per trial, the slot time not spent training from the first trial's start to the last one's end (leases,
/// activation, the stores, reports, and the head and tail where some slots idle), and the slot overhead alone: the
/// gap from one trial's end to the next one's start in the same slot.
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
        var slotsPerSilo = Math.Max(1, (int)Math.Ceiling(slotCount / (double)silos));
        var gaps = trials.GroupBy(t => t.Silo).SelectMany(silo => SlotGaps(silo, slotsPerSilo)).Order().ToArray();
        var backends = trials.GroupBy(t => t.Metrics?.Backend ?? "none").ToDictionary(g => g.Key, g => g.Count());
        console.MarkupLine(Format($"sweep: {trials.Count} trials on {silos} silo(s), {slotCount} slots: [bold]{trials.Count / span:F2} trials/s[/] from the first start to the last end ({trials.Count / elapsed:F2} trials/s with start-up and waiting, {elapsed:F2} s); engines: {string.Join(", ", backends.Select(b => $"{b.Key} {b.Value}"))}"));
        console.MarkupLine(Format($"orchestration overhead: [bold]{overhead:F1} ms[/] of slot time per trial not spent training (mean training {1000 * training / trials.Count:F1} ms per trial)"));
        if (gaps.Length > 0)
        {
            console.MarkupLine(Format($"slot overhead: [bold]{gaps.Average():F1} ms[/] per trial, median {gaps[gaps.Length / 2]:F1} ms, max {gaps[^1]:F1} ms, from a trial's end to the next trial's start in the same slot (hand-out, activation, spec, data, store)"));
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
            ["slot_overhead_ms"] = gaps.Length > 0 ? BenchResults.Number(gaps.Average(), 2) : null,
            ["median_turnaround_ms"] = gaps.Length > 0 ? BenchResults.Number(gaps[gaps.Length / 2], 2) : null,
            ["backends"] = new JsonObject(backends.Select(b => KeyValuePair.Create(b.Key, (JsonNode?)b.Value))),
        };
    }

    /// <summary>
    /// The gaps, in milliseconds, between one trial's end and the next one's start in the same slot of one silo. Outcomes
    /// do not name their slot, so trials are put back into slots in order of start: each takes the free slot that was
    /// freed last, the one whose trial ended just before it began (the silo's puller hands a freed slot its next trial).
    /// </summary>
    public static IEnumerable<double> SlotGaps(IEnumerable<TrialOutcome> silo, int slots)
    {
        var ends = new List<DateTimeOffset>();
        foreach (var trial in silo.OrderBy(t => t.Started))
        {
            var free = ends.Select((end, index) => (end, index)).Where(s => s.end <= trial.Started).ToList();
            if (free.Count == 0 && ends.Count < slots)
            {
                ends.Add(trial.Finished);
                continue;
            }

            var (end, index) = free.Count > 0 ? free.MaxBy(s => s.end) : ends.Select((end, index) => (end, index)).MinBy(s => s.end);
            yield return Math.Max(0, (trial.Started - end).TotalMilliseconds);
            ends[index] = trial.Finished;
        }
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
