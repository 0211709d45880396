using System.Diagnostics;
using System.Text.Json.Nodes;
using Spectre.Console;
using Sweep.Client.Output;
using Sweep.Grains.Contracts;
using Sweep.Grains.Execution;
using Sweep.Grains.Telemetry;
using Sweep.Training.Engine;
using Sweep.Training.Specs;
using Sweep.Training.Sweeps;

namespace Sweep.Bench;

/// <summary>
/// The cost of tracing a trial: the same trial with a recording listener on the Sweep source and meter (as an
/// exporter has) and its span, epoch events and metrics, against the trial alone; runs alternate to share drift.
/// </summary>
internal static class TracingBench
{
    private const string SweepSpanContext = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    public static JsonObject Run(SweepConfiguration configuration, int repeats, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var trainer = new AutoTrainer();
        var plain = new double[repeats];
        var traced = new double[repeats];
        using var recorder = new TelemetryRecorder();
        var assignment = new TrialAssignment("bench", configuration.Id, configuration.SpecJson, 0, SweepSpanContext);

        // A trial parses its configuration's JSON to train, traced or not: what tracing adds is the tags read from it.
        var document = TrialSpecDocument.Parse(assignment.SpecJson);
        for (var i = 0; i < repeats; i++)
        {
            // Which goes first alternates, so that neither always runs on a warmer machine.
            if (i % 2 == 0)
            {
                plain[i] = Plain(i);
                traced[i] = Traced(i);
            }
            else
            {
                traced[i] = Traced(i);
                plain[i] = Plain(i);
            }
        }

        var (plainMedian, tracedMedian) = (BenchResults.Median(plain), BenchResults.Median(traced));
        console.MarkupLine($"  without: {string.Join(", ", plain.Select(Numbers.F))} s; with: {string.Join(", ", traced.Select(Numbers.F))} s");
        console.MarkupLine(
            $"tracing overhead ({Markup.Escape(configuration.Label)}, {repeats} runs each, an epoch event every {new TrialExecutionOptions().EpochEventInterval} epochs, {recorder.Events} events): " +
            $"median {plainMedian:F3} s without, {tracedMedian:F3} s with = [bold]{100 * (tracedMedian - plainMedian) / plainMedian:+0.0;-0.0} %[/]");

        // The per-epoch part alone, which whole trials cannot resolve: the callback every epoch, an event every interval.
        const int Calls = 200_000;
        var epochs = configuration.Spec.Epochs;
        var perEpoch = Stopwatch.StartNew();
        using (var span = TrialSpan.Start(assignment, 1, "bench", new TrialExecutionOptions().EpochEventInterval))
        {
            for (var call = 1; call <= Calls; call++)
            {
                span.OnEpoch(new EpochProgress(((call - 1) % epochs) + 1, epochs, 0.5f, 0.75f, 0.001f));
            }
        }

        var nanoseconds = perEpoch.Elapsed.TotalNanoseconds / Calls;
        var epochMilliseconds = 1000 * plainMedian / epochs;
        console.MarkupLine($"  per epoch: {nanoseconds:F0} ns of span and metric work against {epochMilliseconds:F3} ms of training = [bold]{100 * nanoseconds / (1e6 * epochMilliseconds):F3} %[/]");
        return new JsonObject
        {
            ["configuration"] = configuration.Label,
            ["median_seconds_without"] = BenchResults.Number(plainMedian),
            ["median_seconds_with"] = BenchResults.Number(tracedMedian),
            ["ns_per_epoch"] = BenchResults.Number(nanoseconds, 0),
            ["percent_of_epoch"] = BenchResults.Number(100 * nanoseconds / (1e6 * epochMilliseconds), 3),
        };

        double Plain(int seed)
        {
            var clock = Stopwatch.StartNew();
            trainer.Train(configuration.Spec, seed, null, cancellationToken);
            return clock.Elapsed.TotalSeconds;
        }

        double Traced(int seed)
        {
            var clock = Stopwatch.StartNew();
            using (var span = TrialSpan.Start(assignment with { Seed = seed }, 1, "bench", new TrialExecutionOptions().EpochEventInterval))
            {
                span.Describe(document);
                var result = trainer.Train(configuration.Spec, seed, span.OnEpoch, cancellationToken);
                var metrics = TrialMetrics.Of(result);
                span.Ended(new TrialOutcome(configuration.Id, seed, TrialState.Completed, metrics, null, "bench", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow));
            }

            return clock.Elapsed.TotalSeconds;
        }
    }
}
