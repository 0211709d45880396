using Orleans.Storage;

namespace Sweep.Grains.Storage;

/// <summary>
/// Settings for the SQLite grain storage provider registered by
/// <see cref="SqliteGrainStorageExtensions.AddSqliteGrainStorage(Orleans.Hosting.ISiloBuilder, string, Action{SqliteGrainStorageOptions})"/>.
/// </summary>
public sealed class SqliteGrainStorageOptions
{
    /// <summary>
    /// The default time a connection waits for another connection's lock on the database file, in milliseconds.
    /// </summary>
    public const int DefaultBusyTimeoutMilliseconds = 5_000;

    /// <summary>
    /// Gets or sets the path of the SQLite database file that holds grain state.
    /// </summary>
    /// <value>
    /// An absolute path, or a path relative to the process's current directory. There is no default: the
    /// setting is required and the silo refuses to start when it is empty. The file and its directory are
    /// created on first use.
    /// </value>
    public required string DatabasePath { get; set; }

    /// <summary>
    /// Gets or sets how long a connection waits for a lock held by another connection or process before it
    /// gives up with <c>SQLITE_BUSY</c>.
    /// </summary>
    /// <value>
    /// A positive duration. Defaults to <see cref="DefaultBusyTimeoutMilliseconds"/> milliseconds.
    /// </value>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromMilliseconds(DefaultBusyTimeoutMilliseconds);

    /// <summary>
    /// Gets or sets the serializer that turns grain state into the stored payload.
    /// </summary>
    /// <value>
    /// Defaults to <see langword="null"/>, which selects Orleans' own binary serializer
    /// (<see cref="OrleansGrainStorageSerializer"/>), so state types only need <c>[GenerateSerializer]</c>.
    /// Changing the serializer makes rows written with the previous one unreadable.
    /// </value>
    public IGrainStorageSerializer? GrainStorageSerializer { get; set; }
}
