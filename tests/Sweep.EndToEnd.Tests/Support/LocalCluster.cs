using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit.Abstractions;

namespace Sweep.EndToEnd.Tests.Support;

/// <summary>
/// A real cluster of silo processes on Redis, started and stopped by <c>deploy/local-cluster.sh</c>
/// on free loopback ports, with its state in a folder of its own.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    /// <summary>.ci/run sets this after installing redis-server, so that CI always runs the cluster tests.</summary>
    public const string RequireVariable = "SWEEP_REQUIRE_REDIS";

    // One Release build of the silo for every test of the run, whichever asks first; the others wait for it.
    private static readonly Lazy<Task<string>> SiloBuild = new(BuildSiloAsync);

    private readonly Dictionary<string, string> environment;

    // Relays between the silos and their stores, stopped with the cluster.
    private List<DelayRelay> relays = [];

    private LocalCluster(Dictionary<string, string> environment, string redis, Uri? dashboard, Uri? web, int siloPort)
    {
        Web = web;
        SiloPort = siloPort;
        this.environment = environment;
        Redis = redis;
        Dashboard = dashboard;
    }

    /// <summary>The connections made through each relay (Redis's, PostgreSQL's, then each silo's); empty without a delay.</summary>
    public int[] RelayedConnections => relays.Select(relay => relay.Connections).ToArray();

    /// <summary>The connection string clients pass as <c>--cluster</c>.</summary>
    public string Redis { get; }

    /// <summary>Silo I listens on this port + I; its address as Sweep prints it starts with <c>S127.0.0.1:port:</c>.</summary>
    public int SiloPort { get; }

    /// <summary>The first silo's Orleans Dashboard, if it was asked for.</summary>
    public Uri? Dashboard { get; }

    /// <summary>The first silo's Sweep web UI (<c>Sweep:Silo:WebPort</c>), if it was asked for.</summary>
    public Uri? Web { get; }

    public static bool Installed => File.Exists("/usr/bin/redis-server") || File.Exists("/usr/local/bin/redis-server");

    /// <summary>
    /// Skips the calling test, with the reason, where redis-server is not installed; unless <see cref="RequireVariable"/>
    /// is set: then the missing server fails the test.
    /// </summary>
    public static void SkipUnlessInstalled()
    {
        Assert.True(Installed || Environment.GetEnvironmentVariable(RequireVariable) != "1", $"{RequireVariable}=1 but redis-server is not installed");
        Skip.IfNot(Installed, "redis-server is not installed (apt-get install redis-server; .ci/run installs it)");
    }

    /// <summary>Starts Redis and <paramref name="silos"/> silos, each training at most <paramref name="maxTrials"/> trials at once.</summary>
    /// <param name="silos">How many silo processes.</param>
    /// <param name="directory">Where the cluster keeps its state and logs.</param>
    /// <param name="maxTrials">Each silo's <c>MaxConcurrentTrials</c>.</param>
    /// <param name="dashboard">Whether the first silo serves the Orleans Dashboard.</param>
    /// <param name="web">Whether the first silo serves Sweep's web UI.</param>
    /// <param name="siloSettings">More silo settings, as environment variables (<c>Sweep__Silo__PrometheusPort</c>); every silo gets them.</param>
    /// <param name="results">
    /// Where the silos keep results: <c>sqlite</c> (a file they share) or <c>postgres</c> (a PostgreSQL server that
    /// local-cluster.sh starts in the cluster's folder; the caller checks <see cref="Grains.Tests.Support.PostgresServer.SkipUnlessInstalled"/>).
    /// </param>
    /// <param name="storeNamespace">Where the PostgreSQL results store runs, if not in this network namespace.</param>
    /// <param name="lastSiloNamespace">
    /// Where the last silo runs, if not in this network namespace; then Redis, PostgreSQL and the other silos use this
    /// namespace's end of its link, so that cutting the link partitions the last silo from all of them.
    /// </param>
    /// <param name="linkDelay">
    /// Each way, the delay a relay adds to every connection of a silo to Redis, to PostgreSQL and to another silo (each silo
    /// listens on a port of its own and advertises its relay's).
    /// </param>
    public static async Task<LocalCluster> StartAsync(
        int silos, string directory, int maxTrials, bool dashboard = false, bool web = false, IReadOnlyDictionary<string, string>? siloSettings = null, string results = "sqlite",
        NetworkNamespace? storeNamespace = null, NetworkNamespace? lastSiloNamespace = null, TimeSpan? linkDelay = null)
    {
        // local-cluster.sh gives silo i the ports siloPort + i, gatewayPort + i and listenPort + i: one block holds them all.
        var first = FreePorts(4 + (3 * silos));
        var (redisPort, dashboardPort, postgresPort, siloPort, gatewayPort) = (first, dashboard ? first + 1 : 0, first + 2, first + 3, first + 3 + silos);
        var listenPort = first + 3 + (2 * silos);
        var webPort = web ? first + 3 + (3 * silos) : 0;
        var environment = new Dictionary<string, string>
        {
            ["SWEEP_RESULTS"] = results,
            ["SWEEP_POSTGRES_PORT"] = $"{postgresPort}",
            ["SWEEP_CLUSTER_DIR"] = directory,
            ["SWEEP_REDIS_PORT"] = $"{redisPort}",
            ["SWEEP_SILO_PORT"] = $"{siloPort}",
            ["SWEEP_GATEWAY_PORT"] = $"{gatewayPort}",
            ["SWEEP_MAX_TRIALS"] = $"{maxTrials}",
            ["SWEEP_DASHBOARD_PORT"] = $"{dashboardPort}",
            ["SWEEP_WEB_PORT"] = $"{webPort}",
            ["SWEEP_SILO_DLL"] = await SiloDllAsync(),
        };
        var relays = new List<DelayRelay>();
        if (linkDelay is { } delay)
        {
            try
            {
                relays.Add(new DelayRelay(redisPort, delay));
                relays.Add(new DelayRelay(postgresPort, delay));
                environment["SWEEP_SILO_REDIS_PORT"] = $"{relays[0].Port}";
                environment["SWEEP_SILO_POSTGRES_PORT"] = $"{relays[1].Port}";

                // Silo i advertises siloPort + i, where its relay listens, and listens itself on listenPort + i.
                for (var i = 0; i < silos; i++)
                {
                    relays.Add(new DelayRelay(listenPort + i, delay, port: siloPort + i));
                }

                environment["SWEEP_SILO_LISTEN_PORT"] = $"{listenPort}";
            }
            catch
            {
                foreach (var relay in relays)
                {
                    await relay.DisposeAsync();
                }

                throw;
            }
        }

        if (lastSiloNamespace is not null)
        {
            environment["SWEEP_HOST_ADDRESS"] = lastSiloNamespace.HostAddress;
            environment["SWEEP_SILO_NETNS"] = $"{silos - 1}:{lastSiloNamespace.Name}:{lastSiloNamespace.Address}";
        }

        if (storeNamespace is not null)
        {
            environment["SWEEP_POSTGRES_NETNS"] = storeNamespace.Name;
            environment["SWEEP_POSTGRES_HOST"] = storeNamespace.Address;
        }

        foreach (var (name, value) in siloSettings ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        var cluster = new LocalCluster(environment, $"127.0.0.1:{redisPort}", dashboard ? new Uri($"http://127.0.0.1:{dashboardPort}/") : null, web ? new Uri($"http://127.0.0.1:{webPort}/") : null, siloPort) { relays = relays };
        var (exitCode, output) = await cluster.ScriptAsync("start", $"{silos}");
        if (exitCode != 0)
        {
            await cluster.DisposeAsync();
            throw new InvalidOperationException($"local-cluster.sh start failed ({exitCode}): {output}");
        }

        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        await ScriptAsync("stop");
        foreach (var relay in relays)
        {
            await relay.DisposeAsync();
        }
    }

    /// <summary>
    /// Runs <paramref name="assertions"/>; if one fails, writes the warnings and errors of the silo logs in
    /// <paramref name="directory"/> to the test's output first, so that a failure in CI says what the silos saw.
    /// </summary>
    public static async Task ExplainFailureAsync(string directory, ITestOutputHelper output, Func<Task> assertions)
    {
        try
        {
            await assertions();
        }
        catch (Exception)
        {
            foreach (var log in Directory.EnumerateFiles(directory, "silo*.log").Order(StringComparer.Ordinal))
            {
                output.WriteLine($"== {Path.GetFileName(log)}: warnings and errors");
                var lines = File.ReadAllLines(log);
                var shown = 0;
                for (var i = 0; i < lines.Length && shown < 40; i++)
                {
                    if (lines[i].StartsWith("warn:", StringComparison.Ordinal) || lines[i].StartsWith("fail:", StringComparison.Ordinal)
                        || lines[i].StartsWith("crit:", StringComparison.Ordinal) || lines[i].StartsWith("local-cluster:", StringComparison.Ordinal))
                    {
                        output.WriteLine(i + 1 < lines.Length ? $"{lines[i]} {lines[i + 1].Trim()}" : lines[i]);
                        shown++;
                    }
                }
            }

            throw;
        }
    }

    /// <summary>The silo program, built in Release as <c>deploy/local-cluster.sh</c> would build it.</summary>
    public static Task<string> SiloDllAsync() => SiloBuild.Value;

    /// <summary>SIGKILL silo <paramref name="silo"/>, or every silo; Redis keeps running.</summary>
    public Task KillAsync(int? silo = null) => CheckedAsync(silo is { } i ? ["kill", $"{i}"] : ["kill"]);

    /// <summary>Starts <paramref name="silos"/> silos again on the same Redis, after <see cref="KillAsync"/>.</summary>
    public Task RestartAsync(int silos) => CheckedAsync(["start", $"{silos}"]);

    /// <summary>Empties the cluster's Redis (FLUSHALL), as a Redis restarted without persistence would be.</summary>
    public async Task FlushRedisAsync()
    {
        using var flush = Process.Start(new ProcessStartInfo("redis-cli", ["-p", environment["SWEEP_REDIS_PORT"], "flushall"]) { RedirectStandardOutput = true })!;
        var reply = await flush.StandardOutput.ReadToEndAsync();
        await flush.WaitForExitAsync();
        Assert.True(flush.ExitCode == 0 && reply.Trim() == "OK", $"redis-cli flushall: exit {flush.ExitCode}, {reply}");
    }

    /// <summary>Waits until every silo process this cluster started (or silo <paramref name="only"/>) has exited.</summary>
    public async Task WaitForSilosToExitAsync(TimeSpan timeout, int? only = null)
    {
        using var cancel = new CancellationTokenSource(timeout);
        foreach (var file in Directory.GetFiles(environment["SWEEP_CLUSTER_DIR"], only is { } index ? $"silo{index}.pid" : "silo*.pid"))
        {
            try
            {
                using var silo = Process.GetProcessById(int.Parse(await File.ReadAllTextAsync(file)));
                await silo.WaitForExitAsync(cancel.Token);
            }
            catch (ArgumentException)
            {
                // Exited already.
            }
        }
    }

    /// <summary>Stops the PostgreSQL results store (a fast shutdown: connections are cut); the silos keep running.</summary>
    public Task StopStoreAsync() => CheckedAsync(["store-stop"]);

    /// <summary>Starts the PostgreSQL results store again on its data.</summary>
    public Task StartStoreAsync() => CheckedAsync(["store-start"]);

    /// <summary>Stops Redis (membership and grain state) only; it keeps its data, and the silos keep running.</summary>
    public Task StopRedisAsync() => CheckedAsync(["redis-stop"]);

    /// <summary>Starts Redis again on its data.</summary>
    public Task StartRedisAsync() => CheckedAsync(["redis-start"]);

    private async Task CheckedAsync(string[] arguments)
    {
        var (exitCode, output) = await ScriptAsync(arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"local-cluster.sh {string.Join(' ', arguments)} failed ({exitCode}): {output}");
        }
    }

    private async Task<(int ExitCode, string Output)> ScriptAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "deploy", "local-cluster.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private static async Task<string> BuildSiloAsync()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "build", Path.Combine(RepositoryRoot(), "src", "Silo"), "-c", "Release", "-v", "quiet", "-nologo" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"building the silo failed ({process.ExitCode}): {await output}{await error}");
        }

        return Path.Combine(RepositoryRoot(), "src", "Silo", "bin", "Release", "net10.0", "Sweep.Silo.dll");
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Sweep.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"no Sweep.sln above {AppContext.BaseDirectory}");
    }

    public static int FreePort() => FreePorts(1);

    /// <summary>
    /// The first of <paramref name="count"/> consecutive loopback ports that are free, below the kernel's ephemeral range:
    /// a port the kernel hands out for port 0 (as every embedded cluster of the tests running alongside asks for its own)
    /// is never one of these, so a silo does not find its port taken between the choice and its start.
    /// </summary>
    public static int FreePorts(int count)
    {
        var ephemeral = File.Exists(EphemeralRange) && int.TryParse(File.ReadAllText(EphemeralRange).Split('\t', ' ')[0], out var low) ? low : 32768;
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var first = Random.Shared.Next(10_000, ephemeral - count);
            if (Enumerable.Range(first, count).All(IsFree))
            {
                return first;
            }
        }

        throw new InvalidOperationException($"no {count} consecutive free ports below {ephemeral}");
    }

    private const string EphemeralRange = "/proc/sys/net/ipv4/ip_local_port_range";

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
