namespace Sweep.Grains.Data;

/// <summary>
/// The user's own cache folder for Sweep: <c>$XDG_CACHE_HOME/sweep</c>, else <c>~/.cache/sweep</c>. Unlike a name in the
/// shared temporary directory, which any user can create first (and then read what is written there), it lies in the
/// user's home. A subfolder is created readable by its user only, and made so if it exists with wider permissions.
/// </summary>
public static class UserCache
{
    // The private temporary folders this process made, removed when it exits (RemoveTemporary).
    private static readonly List<string> Temporary = [];

    static UserCache() => AppDomain.CurrentDomain.ProcessExit += (_, _) => RemoveTemporary();

    /// <summary>The root, from <paramref name="environment"/> (the process's variables by default).</summary>
    public static string Root(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (environment("XDG_CACHE_HOME") is { Length: > 0 } cache && Path.IsPathFullyQualified(cache))
        {
            return Path.Combine(cache, "sweep");
        }

        // No home (HOME unset): no cache, rather than a folder relative to wherever the process runs.
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.IsPathFullyQualified(home) ? Path.Combine(home, ".cache", "sweep") : throw new IOException("the user has no home folder");
    }

    /// <summary>
    /// The subfolder <paramref name="name"/> of the root, created if missing, with permissions for its user only; where
    /// the root cannot be written (a read-only home, no home), a new private folder of the temporary directory, removed
    /// when the process exits (the caller keeps the folder it gets: one per process).
    /// </summary>
    public static string Private(string name, Func<string, string?>? environment = null)
    {
        try
        {
            var folder = Path.Combine(Root(environment), name);
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
                return folder;
            }

            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            // An existing folder keeps its mode: narrow it (only its owner may; anyone else's folder fails here).
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return folder;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Created with mode 0700 under a random name, so no one else can have made it first; one per process, removed
            // when it exits.
            var folder = Directory.CreateTempSubdirectory($"sweep-{name}-").FullName;
            lock (Temporary)
            {
                Temporary.Add(folder);
            }

            return folder;
        }
    }

    /// <summary>
    /// Removes the private temporary folders this process made: at its exit, and by a process that ends without exit
    /// handlers (<see cref="ImmediateExit"/>) before it ends.
    /// </summary>
    public static void RemoveTemporary()
    {
        string[] folders;
        lock (Temporary)
        {
            folders = [.. Temporary];
            Temporary.Clear();
        }

        foreach (var folder in folders)
        {
            TryDelete(folder);
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another process's file in it, or it is gone: the temporary directory's own clean-up takes it.
        }
    }
}
