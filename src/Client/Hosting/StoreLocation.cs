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

    public static StoreLocation Resolve(string? option)
    {
        var directory = option
            ?? Environment.GetEnvironmentVariable(EnvironmentVariable)
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".sweep");
        return new StoreLocation(Path.GetFullPath(directory));
    }
}
