namespace Sweep.Client.Commands;

/// <summary>
/// No embedded store where one was named (or the default), or one deleted since: bad input to a command (an
/// <see cref="ArgumentException"/>, exit code 2), and to the web UI results it cannot read (503).
/// </summary>
/// <param name="databasePath">The store's database file that is not there.</param>
internal sealed class MissingStoreException(string databasePath)
    : ArgumentException($"no sweep store at {databasePath}; run a sweep first or pass --store")
{
    /// <summary>The store's database file that is not there.</summary>
    public string DatabasePath { get; } = databasePath;
}
