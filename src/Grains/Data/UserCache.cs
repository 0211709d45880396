namespace Sweep.Grains.Data;

/// <summary>
/// The user's own cache folder for Sweep: <c>$XDG_CACHE_HOME/sweep</c>, else <c>~/.cache/sweep</c>. Unlike a name in the
/// shared temporary directory, which any user can create first (and then read what is written there), it lies in the
/// user's home. A subfolder is created readable by its user only, and made so if it exists with wider permissions.
/// </summary>
public static class UserCache
{
    /// <summary>The root, from <paramref name="environment"/> (the process's variables by default).</summary>
    public static string Root(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return environment("XDG_CACHE_HOME") is { Length: > 0 } cache && Path.IsPathFullyQualified(cache)
            ? Path.Combine(cache, "sweep")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "sweep");
    }

    /// <summary>
    /// The subfolder <paramref name="name"/> of the root, created if missing, with permissions for its user only; where
    /// the root cannot be written (a read-only home), a new private folder of the temporary directory.
    /// </summary>
    public static string Private(string name, Func<string, string?>? environment = null)
    {
        var folder = Path.Combine(Root(environment), name);
        try
        {
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
            // Created with mode 0700 under a random name, so no one else can have made it first.
            return Directory.CreateTempSubdirectory($"sweep-{name}-").FullName;
        }
    }
}
