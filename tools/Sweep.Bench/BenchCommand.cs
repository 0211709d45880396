using System.CommandLine;
using Spectre.Console;
using Sweep.Client.Cli;
using Sweep.Client.Hosting;
using Sweep.Client.Output;
using Sweep.Grains.Contracts;
using Sweep.Training.Specs;
using Sweep.Training.Sweeps;

namespace Sweep.Bench;

/// <summary>
/// The sweep-level benchmark suite, this program's command. On one thread, each engine's time per trial and per epoch (with and
/// without the per-epoch validation); both engines on full runs of the same seeds (the statistical comparison); the
/// sweep's throughput on the embedded cluster with every core and its orchestration overhead; a sweep of many short
/// trials for the overhead and memory at scale; the cost of tracing. It prints tables and writes JSON. With
/// <c>--cluster</c>, only the throughput of that running cluster (deploy/cluster-bench.sh runs it for 1, 2 and 3
/// silos). A benchmark, not a test: it prints figures and asserts nothing.
/// </summary>
internal sealed class BenchCommand : RootCommand
{
    private const string DefaultFile = "examples/activity-regularization.yaml";
    private const string DefaultProcessFile = "examples/activity-penalties.yaml";

    private readonly Option<FileInfo> file = new("--file") { Description = $"The sweep to measure (default {DefaultFile})", DefaultValueFactory = _ => new FileInfo(DefaultFile) };
    private readonly Option<int?> trials = SharedOptions.Positive("--trials", "Timed seeds per configuration and engine on one thread (default 3)");
    private readonly Option<int?> sweepSeeds = SharedOptions.Positive("--sweep-seeds", "Seeds per configuration in the throughput run (default: the file's)", 100_000);
    private readonly Option<int?> equivalenceSeeds = SharedOptions.WholeNumber("--equivalence-seeds", "Seeds per configuration and engine in the full-run comparison (default 30; 0 skips it)", 0, 1_000_000);
    private readonly Option<int?> scaleTrials = SharedOptions.WholeNumber("--scale-trials", "Trials in the orchestration-at-scale sweep (default 10000; 0 skips it)", 0, 1_000_000);
    private readonly Option<int?> epochs = SharedOptions.Positive("--epochs", "Override the file's epochs", TrialSpecReader.MaxEpochs);
    private readonly Option<int?> parallel = SharedOptions.Positive("--parallel", "Trials at once in the throughput runs (default: the number of cores; with --cluster: one per silo)", 1024);
    // Outputs go under artifacts/ (ignored by git), not beside the sources.
    private static readonly string DefaultJson = Path.Combine("artifacts", "bench.json");

    private readonly Option<FileInfo> json = new("--json") { Description = $"Where to write the figures as JSON (default {DefaultJson})", DefaultValueFactory = _ => new FileInfo(DefaultJson) };
    private readonly Option<string?> cluster = SharedOptions.Cluster();
    private readonly Option<string?> clusterId = SharedOptions.ClusterId();
    private readonly Option<FileInfo> processFile = new("--process-file") { Description = $"The sweep whose whole sweep run process is timed (default {DefaultProcessFile})", DefaultValueFactory = _ => new FileInfo(DefaultProcessFile) };
    private readonly Option<int?> processRuns = SharedOptions.WholeNumber("--process-runs", "Timed sweep run processes (default 2; 0 skips them)", 0, 1_000_000);
    private readonly Option<FileInfo?> sweepProgram = new("--sweep") { Description = "The sweep program (apphost or sweep.dll) whose whole processes are timed (default: the one built beside this program)" };

    public BenchCommand()
        : base("Sweep's benchmark: the engines, their agreement, sweep throughput, orchestration overhead and memory on this machine (micro: the per-epoch timings under BenchmarkDotNet)")
    {
        foreach (var option in new Option[] { file, trials, sweepSeeds, equivalenceSeeds, scaleTrials, epochs, parallel, json, cluster, clusterId, processFile, processRuns, sweepProgram })
        {
            Options.Add(option);
        }

        SetAction((result, cancellationToken) => CliErrors.GuardAsync(() => RunAsync(result, cancellationToken)));
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var path = result.GetValue(file)!.ToString();
        var cores = result.GetValue(parallel) ?? Environment.ProcessorCount;
        var text = SweepFile.ReadText(path);
        var overrides = new SweepOverrides(result.GetValue(sweepSeeds), result.GetValue(epochs));
        var plan = SweepPlan.Expand(SweepFile.Parse(text, path, overrides));
        var console = Terminal.Out;
        var figures = new BenchResults(path);
        console.MarkupLine(Markup.Escape($"machine: {Environment.ProcessorCount} cores ({BenchResults.Cpu()}), {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}"));
        var request = new SweepRequest(Path.GetFullPath(path), text, overrides.Seeds, overrides.Epochs, null);
        if (ClusterAddress.Resolve(result.GetValue(cluster), result.GetValue(clusterId)) is { } address)
        {
            await using var remote = await RemoteCluster.ConnectAsync(address, cancellationToken);
            figures.Add("throughput", await ThroughputBench.RunAsync(remote, plan, request, result.GetValue(parallel), console, cancellationToken));
            await WriteAsync(figures, result.GetValue(json)!, console, cancellationToken);
            return CliErrors.Success;
        }

        // Found before any figure is taken: a missing program fails the run at once, not minutes into it.
        var program = result.GetValue(processRuns) is not 0 || result.GetValue(scaleTrials) is not 0
            ? SweepProgram.Locate(result.GetValue(sweepProgram)?.ToString(), "--sweep")
            : null;
        if (result.GetValue(processRuns) is not 0)
        {
            var whole = result.GetValue(processFile)!.ToString();
            Section(console, $"the whole sweep run process, Enter to prompt: {whole} on a fresh store");
            figures.Add("process", await ProcessBench.RunAsync(program!, whole, result.GetValue(processRuns) ?? 2, cores, console, cancellationToken));
        }

        Section(console, "engines");
        figures.Add("engines", EngineBench.Run(plan, result.GetValue(trials) ?? 3, console, cancellationToken));
        if (result.GetValue(equivalenceSeeds) is not 0)
        {
            Section(console, "fused against torch on full runs");
            var full = SweepPlan.Expand(SweepFile.Parse(text, path, new SweepOverrides(null, result.GetValue(epochs))));
            figures.Add("equivalence", EquivalenceBench.Run(full, result.GetValue(equivalenceSeeds) ?? 30, cores, console, cancellationToken));
        }

        Section(console, "throughput of the sweep on the embedded cluster");
        var store = new StoreLocation(Path.Combine(Path.GetTempPath(), "sweep-bench-" + Guid.NewGuid().ToString("N")));
        try
        {
            await using var embedded = await EmbeddedCluster.StartAsync(store, EmbeddedUse.Run(plan.Id, cores), cancellationToken);
            figures.Add("throughput", await ThroughputBench.RunAsync(embedded, plan, request, cores, console, cancellationToken));
        }
        finally
        {
            Directory.Delete(store.Directory, recursive: true);
        }

        if (result.GetValue(scaleTrials) is not 0)
        {
            var count = result.GetValue(scaleTrials) ?? 10_000;
            Section(console, $"orchestration at scale: {count} one-epoch trials");
            figures.Add("scale", await ScaleBench.RunAsync(program!, count, cores, console, cancellationToken));
        }

        Section(console, "tracing");
        figures.Add("tracing", TracingBench.Run(plan.Configurations[0], result.GetValue(trials) ?? 3, console, cancellationToken));
        await WriteAsync(figures, result.GetValue(json)!, console, cancellationToken);
        return CliErrors.Success;
    }

    private static void Section(IAnsiConsole console, string title) => console.Write(new Rule($"[bold]{Markup.Escape(title)}[/]").LeftJustified());

    private static async Task WriteAsync(BenchResults figures, FileInfo path, IAnsiConsole console, CancellationToken cancellationToken)
    {
        if (path.FullName == Path.GetFullPath(DefaultJson))
        {
            Directory.CreateDirectory(path.DirectoryName!);
        }

        await figures.WriteAsync(path.FullName, cancellationToken);
        console.MarkupLine($"peak working set of this process: {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB; figures written to {Markup.Escape(path.FullName)}");
    }
}
