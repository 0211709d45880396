using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using Sweep.Client.Cli;
using Sweep.Client.Hosting;
using Sweep.Client.Output;
using Sweep.Grains.Contracts;
using Sweep.Grains.Execution;
using Sweep.Grains.Telemetry;
using Sweep.Training.Engine;
using Sweep.Training.Fused;
using Sweep.Training.Specs;
using Sweep.Training.Sweeps;

namespace Sweep.Client.Commands;

/// <summary>
/// <c>sweep bench</c>: the median time per trial of each configuration of a sweep file on one
/// thread, then the throughput of the whole sweep on the embedded cluster with every core; with
/// <c>--cluster</c>, the throughput of a running cluster instead (deploy/cluster-bench.sh runs it
/// for 1, 2 and 3 silos). A benchmark, not a test: it prints figures and asserts nothing.
/// </summary>
internal sealed class BenchCommand : Command
{
    private const string SweepSpanContext = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private const string DefaultFile = "examples/activity-regularization.yaml";

    private readonly Option<FileInfo> file = new("--file") { Description = $"The sweep to measure (default {DefaultFile})", DefaultValueFactory = _ => new FileInfo(DefaultFile) };
    private readonly Option<int?> trials = SharedOptions.Positive("--trials", "Timed trials per configuration on one thread (default 3)");
    private readonly Option<int?> sweepSeeds = SharedOptions.Positive("--sweep-seeds", "Seeds per configuration in the throughput run (default 4)", 100_000);
    private readonly Option<int?> epochs = SharedOptions.Positive("--epochs", "Override the file's epochs", TrialSpecReader.MaxEpochs);
    private readonly Option<int?> parallel = SharedOptions.Positive("--parallel", "Trials at once in the throughput run (default: the number of cores; with --cluster: one per silo)", 1024);
    private readonly Option<string?> cluster = SharedOptions.Cluster();
    private readonly Option<string?> clusterId = SharedOptions.ClusterId();

    public BenchCommand()
        : base("bench", "Measure time per trial and sweep throughput on this machine")
    {
        Options.Add(file);
        Options.Add(trials);
        Options.Add(sweepSeeds);
        Options.Add(epochs);
        Options.Add(parallel);
        Options.Add(cluster);
        Options.Add(clusterId);
        SetAction((result, cancellationToken) => CliErrors.GuardAsync(() => RunAsync(result, cancellationToken)));
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var path = result.GetValue(file)!.ToString();
        var repeats = result.GetValue(trials) ?? 3;
        var seeds = result.GetValue(sweepSeeds) ?? 4;
        var cores = result.GetValue(parallel) ?? Environment.ProcessorCount;
        var text = SweepFile.ReadText(path);
        var plan = SweepFile.Parse(text, path, new SweepOverrides(seeds, result.GetValue(epochs)));
        var console = AnsiConsole.Console;
        console.MarkupLine($"machine: {Environment.ProcessorCount} cores, {Markup.Escape(System.Runtime.InteropServices.RuntimeInformation.OSDescription)}, .NET {Environment.Version}");
        var request = new SweepRequest(Path.GetFullPath(path), text, seeds, result.GetValue(epochs), null);
        if (ClusterAddress.Resolve(result.GetValue(cluster), result.GetValue(clusterId)) is { } address)
        {
            await using var remote = await RemoteCluster.ConnectAsync(address, cancellationToken);
            await ThroughputAsync(remote, plan, request, result.GetValue(parallel), console, cancellationToken);
            return CliErrors.Success;
        }

        var perTrial = new Table().Border(TableBorder.Rounded).Title($"one thread, {repeats} trials each, median seconds per trial (ms per epoch)")
            .AddColumn("configuration").AddColumn(new TableColumn("epochs").RightAligned())
            .AddColumn(new TableColumn("torch").RightAligned()).AddColumn(new TableColumn("fused").RightAligned())
            .AddColumn(new TableColumn("speed-up").RightAligned());
        var trainers = new (string Name, ITrialTrainer Trainer)[] { ("torch", new TorchTrainer()), ("fused", new FusedTrainer()) };
        foreach (var configuration in plan.Configurations)
        {
            var medians = new double[trainers.Length];
            for (var t = 0; t < trainers.Length; t++)
            {
                if (trainers[t].Name == "fused" && FusedPath.WhyNot(configuration.Spec) is not null)
                {
                    medians[t] = double.NaN;
                    continue;
                }

                var seconds = new double[repeats];
                for (var seed = 0; seed < repeats; seed++)
                {
                    var clock = Stopwatch.StartNew();
                    trainers[t].Trainer.Train(configuration.Spec, seed, null, cancellationToken);
                    seconds[seed] = clock.Elapsed.TotalSeconds;
                    console.WriteLine($"  {trainers[t].Name} {configuration.Label} seed {seed}: {seconds[seed]:F3} s");
                }

                Array.Sort(seconds);
                medians[t] = Median(seconds);
            }

            string Cell(double median) => double.IsNaN(median)
                ? "-"
                : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{median:F3} ({1000 * median / configuration.Spec.Epochs:F3})");
            perTrial.AddRow(
                new Text(configuration.Label),
                new Text($"{configuration.Spec.Epochs}"),
                new Text(Cell(medians[0])),
                new Text(Cell(medians[1])),
                new Text(double.IsNaN(medians[1]) ? "-" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{medians[0] / medians[1]:F1}x")));
        }

        console.Write(perTrial);
        TracingOverhead(plan.Configurations[0], repeats, console, cancellationToken);

        var store = new StoreLocation(Path.Combine(Path.GetTempPath(), "sweep-bench-" + Guid.NewGuid().ToString("N")));
        try
        {
            await using var embedded = await EmbeddedCluster.StartAsync(store, EmbeddedUse.Run(plan.Id, cores), cancellationToken);
            await ThroughputAsync(embedded, plan, request, cores, console, cancellationToken);
        }
        finally
        {
            Directory.Delete(store.Directory, recursive: true);
        }

        return CliErrors.Success;
    }

    /// <summary>
    /// The cost of tracing a trial: the same trial with a recording listener on the Sweep source and meter (as an
    /// exporter has) and its span, epoch events and metrics, against the trial alone; runs alternate to share drift.
    /// </summary>
    private static void TracingOverhead(SweepConfiguration configuration, int repeats, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var trainer = new TorchTrainer();
        var plain = new double[repeats];
        var traced = new double[repeats];
        var events = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SweepTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => events += activity.Events.Count(),
        };
        ActivitySource.AddActivityListener(listener);
        using var meters = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SweepTelemetry.SourceName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.Start();
        var assignment = new TrialAssignment("bench", configuration.Id, configuration.SpecJson, 0, SweepSpanContext);
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

        var (plainMedian, tracedMedian) = (Median(plain), Median(traced));
        console.MarkupLine($"  without: {string.Join(", ", plain.Select(Numbers.F))} s; with: {string.Join(", ", traced.Select(Numbers.F))} s");
        console.MarkupLine(
            $"tracing overhead ({Markup.Escape(configuration.Label)}, {repeats} runs each, an epoch event every {new TrialExecutionOptions().EpochEventInterval} epochs, {events} events): " +
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
                var result = trainer.Train(configuration.Spec, seed, span.OnEpoch, cancellationToken);
                var metrics = new TrialMetrics(result.TrainAccuracy, result.TestAccuracy, result.TrainLoss, result.TestLoss, result.ActivationMean, result.ZeroFraction, result.Seconds);
                span.Ended(new TrialOutcome(configuration.Id, seed, TrialState.Completed, metrics, null, "bench", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow));
            }

            return clock.Elapsed.TotalSeconds;
        }
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>
    /// Runs the sweep and prints trials per second and two measures of orchestration overhead: the
    /// core time per trial not spent training (tail included), and the median gap between one trial's
    /// end and the next one's start in the same slot (meaningful with one slot per silo).
    /// </summary>
    private static async Task ThroughputAsync(ISweepCluster cluster, SweepPlan plan, SweepRequest request, int? slots, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var sweep = cluster.Grains.GetGrain<ISweepGrain>(plan.Id);
        var clock = Stopwatch.StartNew();
        var startedAt = DateTimeOffset.UtcNow;
        var status = await sweep.StartAsync(request);
        status = await ProgressView.FollowAsync(sweep, status, console, cancellationToken);
        var elapsed = clock.Elapsed.TotalSeconds;
        var report = await sweep.GetReportAsync(null);
        var reused = report.Trials.Count(t => t.Started < startedAt);
        if (reused > 0)
        {
            console.MarkupLine($"[yellow]{reused} trials were already stored on {Markup.Escape(cluster.Location)} and were not trained: measure on a fresh store[/]");
        }

        var silos = report.Trials.Select(t => t.Silo).Distinct().Count();
        var slotCount = slots ?? silos;
        var training = report.Trials.Sum(t => t.Metrics?.Seconds ?? 0);
        var gaps = report.Trials
            .GroupBy(t => t.Silo)
            .SelectMany(silo => silo.OrderBy(t => t.Started).Zip(silo.OrderBy(t => t.Started).Skip(1), (a, b) => (b.Started - a.Finished).TotalMilliseconds))
            .Where(gap => gap >= 0)
            .Order()
            .ToArray();
        console.MarkupLine($"sweep: {status.Total} trials on {silos} silo(s), {slotCount} slots, in {elapsed:F2} s = [bold]{status.Total / elapsed:F2} trials/s[/]");
        console.MarkupLine($"orchestration overhead: {1000 * ((elapsed * slotCount) - training) / status.Total:F1} ms of slot time per trial not spent training (start-up, scheduling, storage, the tail where slots idle)");
        if (gaps.Length > 0 && slotCount == silos)
        {
            console.MarkupLine($"slot turnaround: median {gaps[gaps.Length / 2]:F1} ms, max {gaps[^1]:F1} ms from a trial's end to the next trial's start in the same slot (store, report, lease, activate)");
        }

        console.MarkupLine($"peak working set of this process: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB");
    }
}
