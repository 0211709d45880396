using System.Diagnostics;

namespace Sweep.EndToEnd.Tests.Support;

/// <summary>Runs the real <c>sweep</c> program as a separate process, as a user would.</summary>
internal static class SweepProcess
{
    /// <summary>The variables by which terminals and users differ, and that no test inherits.</summary>
    private static readonly string CacheHome = CreateCacheHome();

    public static readonly string[] TerminalVariables = ["TERM", "NO_COLOR", "COLUMNS", "LINES", "LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LC_NUMERIC", "SWEEP_DEBUG"];

    public static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments) =>
        RunWithAsync(new Dictionary<string, string>(), arguments);

    /// <summary>Runs <c>sweep</c> with <paramref name="environment"/> added to a clean environment.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunWithAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = StartInfo(arguments);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Starts <c>sweep</c> and hands back the process, to read its output line by line as it comes.</summary>
    public static Process Start(params string[] arguments) => Process.Start(StartInfo(arguments))!;

    private static ProcessStartInfo StartInfo(string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sweep.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(name => name.StartsWith("OTEL_", StringComparison.Ordinal)).ToArray())
        {
            start.Environment.Remove(name);
        }

        start.Environment.Remove("SWEEP_CLUSTER");
        start.Environment.Remove("SWEEP_CLUSTER_ID");

        // What a terminal user's environment would change is not inherited: a test that depends on it sets it.
        foreach (var name in TerminalVariables)
        {
            start.Environment.Remove(name);
        }

        start.Environment["LANG"] = "C.UTF-8";

        // Start-up profiles go to a folder of this test run, not the user's ~/.cache.
        start.Environment["XDG_CACHE_HOME"] = CacheHome;
        return start;
    }

    // One folder for the test run's start-up profiles, removed when the test process ends.
    private static string CreateCacheHome()
    {
        var folder = Directory.CreateTempSubdirectory("sweep-tests-cache-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A process still writing there: the folder stays, as a temporary one may.
            }
        };
        return folder;
    }
}
