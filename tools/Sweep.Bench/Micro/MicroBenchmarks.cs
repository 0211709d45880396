using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace Sweep.Bench.Micro;

/// <summary>
/// <c>micro</c>: the per-step timings under BenchmarkDotNet (<see cref="EpochBenchmarks"/>, <see cref="TrialSpanBenchmarks"/>).
/// The arguments are BenchmarkDotNet's (<c>--filter</c>, <c>--job short</c>, <c>--artifacts DIR</c>, ...); without a
/// filter every benchmark runs. Its reports go to <c>artifacts/bench-micro</c> under the current folder.
/// <para>
/// Every job runs in this process: the project BenchmarkDotNet would otherwise generate and build for each job does not
/// get libtorch's native library (TorchSharp refuses to load there), and building it again for every run takes longer
/// than the timings.
/// </para>
/// </summary>
internal static class MicroBenchmarks
{
    /// <summary>Where BenchmarkDotNet's logs, reports and generated projects go unless <c>--artifacts</c> says otherwise.</summary>
    public static readonly string DefaultArtifacts = Path.Combine("artifacts", "bench-micro");

    public static int Run(string[] args)
    {
        // BenchmarkDotNet would otherwise ask on the console which benchmarks to run.
        var filtered = args.Any(a => a is "--filter" or "-f" || a.StartsWith("--filter=", StringComparison.Ordinal)) ? args : [.. args, "--filter", "*"];
        var config = DefaultConfig.Instance
            .AddJob(Job.InProcess.AsMutator())
            .WithArtifactsPath(Path.GetFullPath(DefaultArtifacts));
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroBenchmarks).Assembly).Run(filtered, config).ToArray();
        return summaries.Length > 0 && summaries.All(s => !s.HasCriticalValidationErrors && s.Reports.All(r => r.Success)) ? 0 : 1;
    }
}
