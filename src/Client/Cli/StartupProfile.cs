using System.CommandLine;
using System.Runtime;

namespace Sweep.Client.Cli;

/// <summary>
/// Multi-core JIT (<see cref="ProfileOptimization"/>), as PowerShell uses it: each command records which methods its
/// start-up compiled, and the next run of that command compiles them on another core while the first one starts the
/// command. Most of the time from Enter to the first trial is compiling start-up code (Orleans' silo among it); with a
/// profile, <c>run</c> reaches its first trial in about 0.7 s instead of 1.05 s, and queries answer in 0.75 s instead
/// of 1.1. The profiles live in <c>$XDG_CACHE_HOME/sweep</c> (else <c>~/.cache/sweep</c>), one per command; where
/// that folder cannot be written, nothing is recorded and nothing else changes.
/// <para>
/// The runtime writes a profile with one system call per field, about 43,000 for <c>run</c> (45 ms). A process that ends at
/// once (<see cref="ProcessEnd"/>) writes it only where it is due: none yet, one older than this build of Sweep, or one
/// older than <see cref="KeptFor"/> (or dated in the future).
/// </para>
/// </summary>
internal static class StartupProfile
{
    /// <summary>How long a profile serves before a run records it again.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);

    /// <summary>Whether this process records a profile that is due to be written (see the class's remarks).</summary>
    public static bool Due { get; private set; }

    public static void Start(RootCommand root, string[] args)
    {
        // Only a known command names a profile file: the arguments are the user's.
        if (args.Length == 0 || root.Subcommands.FirstOrDefault(command => command.Name == args[0]) is not { } command)
        {
            return;
        }

        try
        {
            var folder = Sweep.Grains.Data.UserCache.Root();
            Directory.CreateDirectory(folder);
            var file = new FileInfo(Path.Combine(folder, $"{command.Name}.jitprofile"));
            var age = DateTime.UtcNow - file.LastWriteTimeUtc;
            Due = !file.Exists || file.LastWriteTimeUtc < Built() || age > KeptFor || age < TimeSpan.Zero;
            ProfileOptimization.SetProfileRoot(folder);
            ProfileOptimization.StartProfile(file.Name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // No profile: the command starts as it would without one.
        }
    }

    // When the newest of Sweep's own assemblies beside this one was written (a build's outputs may be links to each
    // project's own output: their targets' times count).
    private static DateTime Built()
    {
        var folder = AppContext.BaseDirectory;
        return Directory.EnumerateFiles(folder, "Sweep.*.dll").Append(Path.Combine(folder, "sweep.dll"))
            .Where(File.Exists)
            .Select(path => File.GetLastWriteTimeUtc(File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path))
            .DefaultIfEmpty(DateTime.MinValue)
            .Max();
    }
}
