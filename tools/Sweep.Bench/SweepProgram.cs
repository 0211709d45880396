using System.Diagnostics;

namespace Sweep.Bench;

/// <summary>
/// The <c>sweep</c> command line whose whole processes are timed: by default the one built beside this program (the
/// project reference to the Client puts its apphost and assembly there), or another given by path, such as a publish for
/// a runtime. An apphost is started as it is, an assembly through <c>dotnet</c>, as a user would start either.
/// </summary>
internal sealed class SweepProgram
{
    private SweepProgram(string path) => Path = path;

    /// <summary>The apphost or the assembly that is started.</summary>
    public string Path { get; }

    /// <summary>The program at <paramref name="path"/>, or when it is null the one beside this program.</summary>
    /// <exception cref="ArgumentException">There is no file at the path given, or none beside this program.</exception>
    public static SweepProgram Locate(string? path, string option)
    {
        if (path is not null)
        {
            return File.Exists(path)
                ? new SweepProgram(System.IO.Path.GetFullPath(path))
                : throw new ArgumentException($"{option}: no sweep program at {System.IO.Path.GetFullPath(path)}");
        }

        var folder = AppContext.BaseDirectory;
        var apphost = System.IO.Path.Combine(folder, OperatingSystem.IsWindows() ? "sweep.exe" : "sweep");
        var assembly = System.IO.Path.Combine(folder, "sweep.dll");
        return File.Exists(apphost) ? new SweepProgram(apphost)
            : File.Exists(assembly) ? new SweepProgram(assembly)
            : throw new ArgumentException($"no sweep program beside this one in {folder}; build tools/Sweep.Bench, or pass {option} PATH");
    }

    /// <summary>Runs the program to its end: its exit code, output and error, and when its last line of output came (seconds from the start).</summary>
    public async Task<(int ExitCode, string Output, string Error, double LastLine)> RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var isAssembly = System.IO.Path.GetExtension(Path) == ".dll";
        var start = new ProcessStartInfo(isAssembly ? "dotnet" : Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (isAssembly)
        {
            start.ArgumentList.Add(Path);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var lastLine = 0.0;
        var output = new System.Text.StringBuilder();
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            lastLine = clock.Elapsed.TotalSeconds;
            output.AppendLine(line);
        }

        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, output.ToString(), await error, lastLine);
    }
}
