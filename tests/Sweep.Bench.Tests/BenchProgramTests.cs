using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Sweep.Bench.Tests;

public sealed class BenchProgramTests
{
    private static readonly string Tutorial = Path.Combine(BenchProcess.RepositoryRoot(), "examples", "activity-regularization.yaml");

    // Whether the benchmark program was built with the JIT's optimizations (a Release build).
    private static readonly bool IsOptimized = typeof(SweepProgram).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled != true;

    [Fact]
    public async Task Run_SmallSuite_WritesItsSectionsToArtifactsOfTheCurrentFolder()
    {
        using var folder = new TemporaryFolder();

        var (exitCode, output, error) = await BenchProcess.RunAsync(
            folder.Path, "--file", Tutorial, "--trials", "1", "--epochs", "2", "--sweep-seeds", "1", "--equivalence-seeds", "0", "--scale-trials", "0", "--process-runs", "0");

        Assert.True(exitCode == 0, error);
        var path = Path.Combine(folder.Path, "artifacts", "bench.json");
        Assert.Contains($"figures written to {path}", BenchProcess.Flatten(output), StringComparison.Ordinal);
        var figures = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        Assert.Equal(["machine", "sweep_file", "date", "engines", "throughput", "tracing", "peak_working_set_mib"], figures.Select(section => section.Key));
        Assert.Equal(5, figures["engines"]!["per_trial"]!.AsArray().Count);
        Assert.Equal(5, (int)figures["throughput"]!["trials"]!);
    }

    [Fact]
    public async Task Run_ProcessRunsWithoutTheSweepProgram_ExitsWithTwoBeforeAnyFigure()
    {
        using var folder = new TemporaryFolder();
        var missing = Path.Combine(folder.Path, "sweep");

        var (exitCode, output, error) = await BenchProcess.RunAsync(folder.Path, "--file", Tutorial, "--process-runs", "1", "--sweep", missing);

        Assert.Equal(2, exitCode);
        Assert.Equal($"sweep: --sweep: no sweep program at {missing}", BenchProcess.Flatten(error));
        Assert.DoesNotContain("engines", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "artifacts")));
    }

    [SkippableFact]
    public async Task Micro_ReleaseBuildDryJobOfTheSpanBenchmark_ReportsUnderArtifactsOfTheCurrentFolder()
    {
        Skip.IfNot(IsOptimized, "BenchmarkDotNet times Release builds only (dotnet test -c Release)");
        using var folder = new TemporaryFolder();

        var (exitCode, output, error) = await BenchProcess.RunAsync(folder.Path, "micro", "--job", "dry", "--filter", "*TrialSpanBenchmarks*");

        Assert.True(exitCode == 0, output + error);
        Assert.Contains("| OnEpoch |", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder.Path, "artifacts", "bench-micro", "results", "Sweep.Bench.Micro.TrialSpanBenchmarks-report.csv")));
    }

    [SkippableFact]
    public async Task Micro_DebugBuild_ExitsWithOneAndSaysWhy()
    {
        Skip.If(IsOptimized, "a Release build is timed");
        using var folder = new TemporaryFolder();

        var (exitCode, output, _) = await BenchProcess.RunAsync(folder.Path, "micro", "--job", "dry", "--filter", "*TrialSpanBenchmarks*");

        Assert.Equal(1, exitCode);
        Assert.Contains("Assembly Sweep.Bench which defines benchmarks is non-optimized", output, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(folder.Path, "artifacts", "bench-micro")));
    }

    [Fact]
    public async Task Run_UnknownOption_ExitsWithTwoAndSaysWhich()
    {
        using var folder = new TemporaryFolder();

        var (exitCode, _, error) = await BenchProcess.RunAsync(folder.Path, "--trails", "3");

        Assert.Equal(2, exitCode);
        Assert.Contains("--trails", BenchProcess.Flatten(error), StringComparison.Ordinal);
    }
}
