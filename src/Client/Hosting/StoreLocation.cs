namespace Sweep.Client.Hosting;

/// <summary>
/// Where the embedded cluster keeps its state: <c>--store DIR</c>, else <c>$SWEEP_HOME</c>,
/// else <c>~/.sweep</c>. The grain state lives in <c>sweep.db</c> (SQLite) inside it.
/// </summary>
internal sealed record StoreLocation(string Directory)
{
    public const string EnvironmentVariable = "SWEEP_HOME";
    public const string DatabaseFile = "sweep.db";

    public string DatabasePath => Path.Combine(Directory, DatabaseFile);

    /// <summary>The store <paramref name="option"/> (or the environment, or the default) names.</summary>
    /// <exception cref="ArgumentException">The path is a file, not a directory.</exception>
    public static StoreLocation Resolve(string? option)
    {
        var (directory, source) = option is not null
            ? (option, "--store")
            : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } home
                ? (home, $"${EnvironmentVariable}")
                : (Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".sweep"), "the default store");
        var full = Path.GetFullPath(directory);
        return File.Exists(full)
            ? throw new ArgumentException($"{source}: {full} is a file; give the store's directory (the one that holds {DatabaseFile})")
            : new StoreLocation(full);
    }
}
