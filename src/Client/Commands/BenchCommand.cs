using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using Sweep.Client.Cli;
using Sweep.Client.Hosting;
using Sweep.Client.Output;
using Sweep.Grains.Contracts;
using Sweep.Training.Engine;
using Sweep.Training.Specs;
using Sweep.Training.Sweeps;

namespace Sweep.Client.Commands;

/// <summary>
/// <c>sweep bench</c>: the median time per trial of each configuration of a sweep file on one
/// thread, then the throughput of the whole sweep on the embedded cluster with every core.
/// A benchmark, not a test: it prints figures and asserts nothing.
/// </summary>
internal sealed class BenchCommand : Command
{
    private const string DefaultFile = "examples/activity-regularization.yaml";

    private readonly Option<FileInfo> file = new("--file") { Description = $"The sweep to measure (default {DefaultFile})", DefaultValueFactory = _ => new FileInfo(DefaultFile) };
    private readonly Option<int?> trials = SharedOptions.Positive("--trials", "Timed trials per configuration on one thread (default 3)");
    private readonly Option<int?> sweepSeeds = SharedOptions.Positive("--sweep-seeds", "Seeds per configuration in the throughput run (default 4)", 100_000);
    private readonly Option<int?> epochs = SharedOptions.Positive("--epochs", "Override the file's epochs", TrialSpecReader.MaxEpochs);
    private readonly Option<int?> parallel = SharedOptions.Positive("--parallel", "Trials at once in the throughput run (default: the number of cores)", 1024);

    public BenchCommand()
        : base("bench", "Measure time per trial and sweep throughput on this machine")
    {
        Options.Add(file);
        Options.Add(trials);
        Options.Add(sweepSeeds);
        Options.Add(epochs);
        Options.Add(parallel);
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

        var perTrial = new Table().Border(TableBorder.Rounded).Title($"one thread, {repeats} trials each")
            .AddColumn("configuration").AddColumn(new TableColumn("epochs").RightAligned())
            .AddColumn(new TableColumn("median s/trial").RightAligned()).AddColumn(new TableColumn("min").RightAligned())
            .AddColumn(new TableColumn("max").RightAligned()).AddColumn(new TableColumn("ms/epoch").RightAligned());
        var trainer = new TorchTrainer();
        foreach (var configuration in plan.Configurations)
        {
            var seconds = new double[repeats];
            for (var seed = 0; seed < repeats; seed++)
            {
                var clock = Stopwatch.StartNew();
                trainer.Train(configuration.Spec, seed, null, cancellationToken);
                seconds[seed] = clock.Elapsed.TotalSeconds;
                console.WriteLine($"  {configuration.Label} seed {seed}: {seconds[seed]:F3} s");
            }

            Array.Sort(seconds);
            var median = seconds[repeats / 2];
            if (repeats % 2 == 0)
            {
                median = (seconds[(repeats / 2) - 1] + seconds[repeats / 2]) / 2;
            }

            perTrial.AddRow(
                new Text(configuration.Label),
                new Text($"{configuration.Spec.Epochs}"),
                new Text(median.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)),
                new Text(Numbers.F(seconds[0])),
                new Text(Numbers.F(seconds[^1])),
                new Text((1000 * median / configuration.Spec.Epochs).ToString("F3", System.Globalization.CultureInfo.InvariantCulture)));
        }

        console.Write(perTrial);

        var store = new StoreLocation(Path.Combine(Path.GetTempPath(), "sweep-bench-" + Guid.NewGuid().ToString("N")));
        try
        {
            await using var cluster = await EmbeddedCluster.StartAsync(store, EmbeddedUse.Run(plan.Id, cores), cancellationToken);
            var sweep = cluster.Grains.GetGrain<ISweepGrain>(plan.Id);
            var clock = Stopwatch.StartNew();
            var status = await sweep.StartAsync(new SweepRequest(Path.GetFullPath(path), text, seeds, result.GetValue(epochs), null));
            status = await ProgressView.FollowAsync(sweep, status, console, cancellationToken);
            var elapsed = clock.Elapsed.TotalSeconds;
            var report = await sweep.GetReportAsync(null);
            var training = report.Trials.Sum(t => t.Metrics?.Seconds ?? 0);
            console.MarkupLine($"sweep: {status.Total} trials on {cores} parallel slots in {elapsed:F2} s = [bold]{status.Total / elapsed:F2} trials/s[/]");
            console.MarkupLine($"orchestration overhead: {1000 * ((elapsed * cores) - training) / status.Total:F1} ms of core time per trial not spent training (start-up, scheduling, storage, the tail where cores idle)");
            console.MarkupLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB");
        }
        finally
        {
            Directory.Delete(store.Directory, recursive: true);
        }

        return CliErrors.Success;
    }
}
