using System.Diagnostics;
using Sweep.Client.Tests.Support;
using Sweep.EndToEnd.Tests.Support;

namespace Sweep.EndToEnd.Tests.Silo;

/// <summary>
/// The real silo program with bad settings: each is refused at start, named, with exit code 2, before
/// anything listens or is stored. It runs the silo built for the cluster tests (the test project does
/// not reference the silo: its ASP.NET framework would change the sweep program's dependencies here).
/// </summary>
public sealed class SiloSettingsTests
{
    [Theory]
    [InlineData("--Sweep:Silo:Clustering redis", "sweep-silo: Sweep:Silo:Redis is required with Clustering=redis (for example localhost:6379)")]
    [InlineData("--Sweep:Silo:Storage redis", "sweep-silo: Sweep:Silo:Redis is required with Storage=redis (for example localhost:6379)")]
    [InlineData("--Sweep:Silo:AdvertisedAddress silo-one", "sweep-silo: Sweep:Silo:AdvertisedAddress 'silo-one' is not an IP address")]
    [InlineData("--Sweep:Silo:SiloPort 30000", "sweep-silo: Sweep:Silo:SiloPort and GatewayPort are both 30000; they must differ")]
    [InlineData("--Sweep:Silo:SiloPort 70000", "sweep-silo: Sweep:Silo:SiloPort must be from 1 to 65535")]
    [InlineData("--Sweep:Silo:SiloListeningPort 12000", "sweep-silo: Sweep:Silo:SiloListeningPort needs Clustering=redis: a localhost cluster's silo listens where it is reached")]
    [InlineData("--Sweep:Silo:Clustering redis --Sweep:Silo:Redis localhost:1 --Sweep:Silo:SiloListeningPort 30000", "sweep-silo: Sweep:Silo:SiloListeningPort 30000 is also the gateway's, the dashboard's or the Prometheus port; choose another")]
    [InlineData("--Sweep:Silo:SiloListeningPort -1", "sweep-silo: Sweep:Silo:SiloListeningPort must be from 0 (the SiloPort) to 65535")]
    [InlineData("--Sweep:Silo:DashboardPort 11111", "sweep-silo: Sweep:Silo:DashboardPort 11111 is also the silo's or the gateway's port; choose another")]
    [InlineData("--Sweep:Silo:ClusterId two/words", "sweep-silo: Sweep:Silo:ClusterId must be 1 to 64 letters, digits, '.', '_' or '-'")]
    [InlineData("--Sweep:Silo:PrometheusPort 30000", "sweep-silo: Sweep:Silo:PrometheusPort 30000 is also the silo's, the gateway's or the dashboard's port; choose another")]
    [InlineData("--Sweep:Silo:WebPort 8321", "sweep-silo: Sweep:Silo:WebPort needs Clustering=redis: the web UI reads the cluster through its Redis, as sweep serve --cluster does")]
    [InlineData("--Sweep:Silo:Clustering redis --Sweep:Silo:Redis localhost:1 --Sweep:Silo:WebPort 30000", "sweep-silo: Sweep:Silo:WebPort 30000 is also the silo's, the gateway's, the dashboard's or the Prometheus port; choose another")]
    [InlineData("--Sweep:Silo:WebPort 65536", "sweep-silo: Sweep:Silo:WebPort must be from 0 (off) to 65535")]
    [InlineData("--Sweep:Silo:WebTraceUrl http://jaeger:16686/trace/", "sweep-silo: Sweep:Silo:WebTraceUrl must be an http or https address with {trace_id} in it, got 'http://jaeger:16686/trace/'")]
    [InlineData("--Sweep:Silo:ProbeTimeout 00:05:00", "sweep-silo: Sweep:Silo:ProbeTimeout must be from 00:00:01 to 00:01:00")]
    [InlineData("--Sweep:Silo:MissedProbesLimit 0", "sweep-silo: Sweep:Silo:MissedProbesLimit must be from 1 to 10")]
    [InlineData("--Sweep:Execution:MaxConcurrentTrials 0", "sweep-silo: Sweep:Execution:MaxConcurrentTrials must be from 1 to 1024")]
    [InlineData("--Sweep:Execution:EpochEventInterval -1", "sweep-silo: Sweep:Execution:EpochEventInterval must be 0 (no epoch events) or more")]
    public async Task Start_InvalidSetting_ExitsWithTwoAndNamesIt(string switches, string expected)
    {
        var (exitCode, error) = await RunSiloAsync(switches.Split(' '));

        Assert.Equal((2, expected), (exitCode, error.Trim()));
    }

    [Fact]
    public async Task Start_UnknownClustering_NamesTheSettingAndValue()
    {
        var (exitCode, error) = await RunSiloAsync("--Sweep:Silo:Clustering", "mongo");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("sweep-silo: ", error, StringComparison.Ordinal);
        Assert.Contains("Sweep:Silo:Clustering", error, StringComparison.Ordinal);
        Assert.Contains("mongo", error, StringComparison.Ordinal);
        Assert.EndsWith("Allowed: localhost, redis.", error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnreachableRedis_SaysWhereAndExitsWithOne()
    {
        var (exitCode, error) = await RunSiloAsync("--Sweep:Silo:Clustering", "redis", "--Sweep:Silo:Redis", "127.0.0.1:1", "--Sweep:Silo:Storage", "memory");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("sweep-silo: cannot reach Redis at 127.0.0.1:1 (Sweep:Silo:Redis): ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_FromAnotherFolder_ReadsTheSettingsBesideTheSiloNotThere()
    {
        // A settings file in the working folder that would stop the silo if it were read; the switch stops it either way.
        using var temp = new TemporaryStore();
        temp.WriteFile("appsettings.json", """{ "Sweep": { "Silo": { "SiloPort": 70000 } } }""");

        var (exitCode, error) = await RunSiloInAsync(temp.Root, "--Sweep:Silo:MissedProbesLimit", "0");

        Assert.Equal((2, "sweep-silo: Sweep:Silo:MissedProbesLimit must be from 1 to 10"), (exitCode, error.Trim()));
    }

    private static Task<(int ExitCode, string Error)> RunSiloAsync(params string[] arguments) => RunSiloInAsync(null, arguments);

    private static async Task<(int ExitCode, string Error)> RunSiloInAsync(string? workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory ?? "" };
        start.ArgumentList.Add(await LocalCluster.SiloDllAsync());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        await output;
        return (process.ExitCode, await error);
    }
}
