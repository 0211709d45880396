using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Npgsql;

namespace Sweep.Grains.Tests.Support;

/// <summary>
/// A real PostgreSQL server from Debian's packages, in a fresh temporary folder, on a free loopback port, with trust
/// authentication for the superuser <c>sweep</c>; fault tests kill it and start it again on the same data and port.
/// </summary>
/// <remarks>
/// PostgreSQL refuses to run as root, so when the tests do (as in CI) initdb and the server run as the <c>postgres</c>
/// user through <c>runuser</c>, and the folder belongs to that user. One test drives a server at a time: the methods
/// that start and stop it are not meant to be called concurrently.
/// </remarks>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>.ci/run sets this after installing postgresql, so that CI always runs the PostgreSQL tests.</summary>
    public const string RequireVariable = "SWEEP_REQUIRE_POSTGRES";

    private const string Installations = "/usr/lib/postgresql";

    private const string ServiceUser = "postgres";

    private const string ReadyLine = "database system is ready to accept connections";

    private const int SigInt = 2;

    private const int SigKill = 9;

    private const int NoSuchProcess = 3;

    private const string PortTaken = "Address already in use";

    private const int PortAttempts = 3;

    // Keeps the last lines of a run's log for error messages; a server that starts and stops writes a few dozen.
    private const int LogLines = 200;

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly Binaries binaries;

    private readonly bool asServiceUser;

    private Run? run;

    private RunLog? log;

    private PostgresServer(Binaries binaries, bool asServiceUser, string folder, int port)
    {
        this.binaries = binaries;
        this.asServiceUser = asServiceUser;
        Folder = folder;
        Port = port;
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = IPAddress.Loopback.ToString(),
            Port = port,
            Username = "sweep",
            Database = "postgres",
            IncludeErrorDetail = true,
        }.ConnectionString;
    }

    /// <summary>Gets a value indicating whether a PostgreSQL server and initdb are installed where Debian puts them.</summary>
    public static bool Installed => FindBinaries() is not null;

    /// <summary>
    /// Gets the connection string of the <c>postgres</c> database. Npgsql's pooling is on, as in production: after
    /// <see cref="Kill"/> a pooled connection is broken and fails on its next use, once; add <c>Pooling=false</c> where a
    /// test wants every open to reach the server.
    /// </summary>
    public string ConnectionString { get; }

    /// <summary>Gets the loopback TCP port the server listens on, the same after <see cref="StartAgainAsync"/>.</summary>
    public int Port { get; }

    /// <summary>Gets the temporary folder that holds the data directory (<c>data</c>) and the server's Unix socket.</summary>
    public string Folder { get; }

    /// <summary>Gets the major version of the server binaries in use (15 for <c>/usr/lib/postgresql/15/bin</c>).</summary>
    public int MajorVersion => binaries.MajorVersion;

    /// <summary>Gets the last lines the server logged in its latest run, running or not.</summary>
    public string Log => log?.Text() ?? "";

    private string DataDirectory => Path.Combine(Folder, "data");

    /// <summary>
    /// Skips the calling test, with the reason, where PostgreSQL is not installed; unless <see cref="RequireVariable"/> is
    /// set: then the missing server fails the test.
    /// </summary>
    public static void SkipUnlessInstalled()
    {
        Assert.True(
            Installed || Environment.GetEnvironmentVariable(RequireVariable) != "1",
            $"{RequireVariable}=1 but there is no {Installations}/*/bin/postgres");
        Skip.IfNot(Installed, $"PostgreSQL is not installed in {Installations} (apt-get install postgresql; .ci/run installs it)");
    }

    /// <summary>
    /// Creates a cluster with initdb in a fresh temporary folder and starts the newest installed server on it, on a free
    /// loopback port; returns once the server accepts connections.
    /// </summary>
    /// <param name="cancellationToken">Cancels the start; it also gives up by itself after a minute.</param>
    /// <returns>The running server; dispose it to stop it and delete its folder.</returns>
    /// <exception cref="InvalidOperationException">PostgreSQL is not installed, initdb failed, or the server exited early; the message holds their output.</exception>
    /// <exception cref="TimeoutException">The server was not ready within a minute; the message holds its log.</exception>
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var binaries = FindBinaries() ?? throw new InvalidOperationException($"PostgreSQL is not installed: there is no {Installations}/*/bin/postgres");
        var asServiceUser = geteuid() == 0;
        for (var attempt = 1; ; attempt++)
        {
            var folder = await CreateFolderAsync(asServiceUser, cancellationToken);
            var server = new PostgresServer(binaries, asServiceUser, folder, FreePort());
            try
            {
                await server.InitializeAsync(cancellationToken);
                await server.StartAgainAsync(cancellationToken);
                return server;
            }
            catch (InvalidOperationException) when (attempt < PortAttempts && server.Log.Contains(PortTaken, StringComparison.Ordinal))
            {
                // Another program was given the same free port between our look and the server's bind: take another.
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Creates a database owned by <c>sweep</c> and returns its connection string, pooled as <see cref="ConnectionString"/> is.</summary>
    /// <param name="name">The database's name; a unique one if null.</param>
    /// <returns>The new database's connection string.</returns>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= $"sweep_{Guid.NewGuid():N}";
        var unpooled = new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false };
        await using (var connection = new NpgsqlConnection(unpooled.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// SIGKILLs the postmaster and every process it started, as when the store's machine dies; returns once they are gone.
    /// Connections drop; committed data stays on disk for <see cref="StartAgainAsync"/>, which recovers it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server is not running.</exception>
    public void Kill()
    {
        var current = Running();
        // Every process of the server works in the data directory, so a backend the postmaster forks while the others die
        // is found in the next pass. A process still attached to the shared memory, even for the moment it takes to
        // die, would stop the next start.
        var waited = Stopwatch.StartNew();
        while (ServerProcesses(current.Signature) is { Count: > 0 } alive)
        {
            if (waited.Elapsed > StopTimeout)
            {
                throw new TimeoutException($"PostgreSQL's processes {string.Join(", ", alive)} did not die within {StopTimeout.TotalSeconds} s of SIGKILL.{current.Log.Tail()}");
            }

            foreach (var id in alive)
            {
                Signal(id, SigKill);
            }

            Thread.Sleep(TimeSpan.FromMilliseconds(5));
        }

        // Under runuser, runuser exits once it has reaped the postmaster.
        if (!current.Process.WaitForExit(StopTimeout))
        {
            throw new TimeoutException($"{current.Process.ProcessName} did not exit within {StopTimeout.TotalSeconds} s of the postmaster's death.{current.Log.Tail()}");
        }

        current.Dispose();
        run = null;
    }

    /// <summary>Stops the server with a fast shutdown (SIGINT: connections are cut, a checkpoint is written) and waits for it to exit.</summary>
    /// <exception cref="InvalidOperationException">The server is not running.</exception>
    /// <exception cref="TimeoutException">The server did not exit within a minute; the message holds its log.</exception>
    public async Task StopAsync()
    {
        var current = Running();
        Signal(current.PostmasterId, SigInt);
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await current.Process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"PostgreSQL did not stop within {StopTimeout.TotalSeconds} s of SIGINT.{current.Log.Tail()}");
        }

        current.Dispose();
        run = null;
    }

    /// <summary>
    /// Starts the server on its data directory and port, after <see cref="Kill"/> (it recovers from its WAL) or
    /// <see cref="StopAsync"/>; returns once it accepts connections.
    /// </summary>
    /// <param name="cancellationToken">Cancels the start; it also gives up by itself after a minute.</param>
    /// <exception cref="InvalidOperationException">The server is running already, or it exited early; the message holds its log.</exception>
    /// <exception cref="TimeoutException">The server was not ready within a minute; the message holds its log.</exception>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        if (run is not null)
        {
            throw new InvalidOperationException("PostgreSQL is running already.");
        }

        string[] arguments =
        [
            binaries.Postgres, "-D", DataDirectory, "-p", Port.ToString(CultureInfo.InvariantCulture), "-k", Folder,
            "-c", $"listen_addresses={IPAddress.Loopback}", "-c", "fsync=off",
        ];
        var started = new Run(Process.Start(StartInfo(arguments))!);
        run = started;
        log = started.Log;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadyTimeout);
        try
        {
            var exited = started.Process.WaitForExitAsync(timeout.Token);
            if (await Task.WhenAny(started.Ready, exited) == exited)
            {
                await exited;
                // Its last lines may still be in the pipe.
                await Task.WhenAny(started.Drained, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
                throw new InvalidOperationException($"PostgreSQL exited ({started.Process.ExitCode}) before it was ready.{started.Log.Tail()}");
            }

            // Under runuser the process started is runuser's; postmaster.pid, written before the ready line, names the postmaster.
            started.PostmasterId = int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
            // As the kernel spells them, whatever links lie on the way: what Kill looks for in every process of the server.
            started.Signature = (ProcessLink(started.PostmasterId, "cwd"), ProcessLink(started.PostmasterId, "exe"));
        }
        catch (Exception failure)
        {
            await AbandonAsync(started);
            run = null;
            if (failure is OperationCanceledException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"PostgreSQL was not ready within {ReadyTimeout.TotalSeconds} s.{started.Log.Tail()}");
            }

            throw;
        }
    }

    /// <summary>Stops the server if it runs (killing it if it does not stop) and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (run is { } current)
        {
            try
            {
                await StopAsync();
            }
            catch (TimeoutException)
            {
                await AbandonAsync(current);
                run = null;
            }
        }

        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    private static Binaries? FindBinaries()
    {
        if (!Directory.Exists(Installations))
        {
            return null;
        }

        return Directory.EnumerateDirectories(Installations)
            .Select(directory => (Version: int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var major) ? major : -1, Bin: Path.Combine(directory, "bin")))
            .Where(candidate => candidate.Version >= 0 && File.Exists(Path.Combine(candidate.Bin, "initdb")) && File.Exists(Path.Combine(candidate.Bin, "postgres")))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => new Binaries(candidate.Version, Path.Combine(candidate.Bin, "initdb"), Path.Combine(candidate.Bin, "postgres")))
            .FirstOrDefault();
    }

    private static async Task<string> CreateFolderAsync(bool asServiceUser, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("PostgresServer runs Debian's PostgreSQL packages: it needs Linux.");
        }

        // The service user must reach the folder: /tmp lets everyone through, a root-only TMPDIR might not.
        var parent = asServiceUser ? "/tmp" : Path.GetTempPath();
        var folder = Path.Combine(parent, $"sweep-postgres-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (asServiceUser)
        {
            var (exitCode, output) = await RunAsync(["chown", $"{ServiceUser}:", folder], cancellationToken);
            if (exitCode != 0)
            {
                Directory.Delete(folder);
                throw new InvalidOperationException($"chown {ServiceUser}: {folder} failed ({exitCode}): {output}");
            }
        }

        return folder;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(arguments[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output + await error);
    }

    private static void Signal(int id, int signal)
    {
        if (kill(id, signal) != 0 && Marshal.GetLastPInvokeError() != NoSuchProcess)
        {
            throw new InvalidOperationException($"kill({id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    private static async Task AbandonAsync(Run started)
    {
        try
        {
            // Under runuser the tree is runuser, the postmaster and whatever the postmaster started.
            started.Process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has exited already.
        }

        await started.Process.WaitForExitAsync(CancellationToken.None);
        started.Dispose();
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [DllImport("libc")]
    private static extern uint geteuid();

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var start = StartInfo([binaries.Initdb, "-D", DataDirectory, "--auth=trust", "--username=sweep", "--encoding=UTF8", "--no-locale", "--no-sync"]);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"initdb failed ({process.ExitCode}):{Environment.NewLine}{await output}{await error}");
        }
    }

    private ProcessStartInfo StartInfo(IReadOnlyList<string> command)
    {
        var start = new ProcessStartInfo(asServiceUser ? "runuser" : command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asServiceUser)
        {
            foreach (var argument in new[] { "-u", ServiceUser, "--", command[0] })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        // The ready line is looked for in English, whatever language the machine speaks.
        start.Environment["LC_ALL"] = "C";
        return start;
    }

    /// <summary>
    /// The live processes of a server: those of the postmaster's program and working directory. A zombie has no working
    /// directory; it holds no memory and no socket, only its parent's wait is missing, which may never come in a container.
    /// </summary>
    private static List<int> ServerProcesses((string WorkingDirectory, string Program) signature)
    {
        var processes = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), CultureInfo.InvariantCulture, out var id)
                && LinkTarget(Path.Combine(entry, "cwd")) == signature.WorkingDirectory
                && LinkTarget(Path.Combine(entry, "exe")) == signature.Program)
            {
                processes.Add(id);
            }
        }

        return processes;
    }

    private static string ProcessLink(int id, string link) =>
        LinkTarget($"/proc/{id}/{link}") ?? throw new InvalidOperationException($"/proc/{id}/{link} cannot be read: the postmaster is gone or not ours.");

    private static string? LinkTarget(string link)
    {
        try
        {
            return new FileInfo(link).LinkTarget;
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            // The process is gone, or belongs to someone else.
            return null;
        }
    }

    private Run Running() => run ?? throw new InvalidOperationException("PostgreSQL is not running.");

    private sealed record Binaries(int MajorVersion, string Initdb, string Postgres);

    /// <summary>One run of the server: its process, its log as it comes, and whether it said it was ready.</summary>
    private sealed class Run : IDisposable
    {
        private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Run(Process process)
        {
            Process = process;
            Drained = Task.WhenAll(ReadAsync(process.StandardError), ReadAsync(process.StandardOutput));
        }

        public Process Process { get; }

        public RunLog Log { get; } = new();

        public Task Ready => ready.Task;

        /// <summary>Completes when every process that held the server's output has closed it.</summary>
        public Task Drained { get; }

        /// <summary>Gets or sets the postmaster's process id, known once it is ready.</summary>
        public int PostmasterId { get; set; }

        /// <summary>Gets or sets the postmaster's working directory and program, which every process of the server shares.</summary>
        public (string WorkingDirectory, string Program) Signature { get; set; } = ("", "");

        public void Dispose() => Process.Dispose();

        private async Task ReadAsync(StreamReader reader)
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                Log.Add(line);
                if (line.Contains(ReadyLine, StringComparison.Ordinal))
                {
                    ready.TrySetResult();
                }
            }
        }
    }

    private sealed class RunLog
    {
        private readonly ConcurrentQueue<string> lines = new();

        public void Add(string line)
        {
            lines.Enqueue(line);
            while (lines.Count > LogLines && lines.TryDequeue(out _))
            {
            }
        }

        public string Text() => string.Join(Environment.NewLine, lines);

        public string Tail() => $"{Environment.NewLine}PostgreSQL's log:{Environment.NewLine}{Text()}";
    }
}
