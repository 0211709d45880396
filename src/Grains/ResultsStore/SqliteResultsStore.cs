using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Sweep.Grains.Storage;

namespace Sweep.Grains.ResultsStore;

/// <summary>
/// The results store in a SQLite file: the embedded cluster's, beside its grain state in the same file, or the one file
/// that every silo of a one-machine cluster shares. Commands that only read open it directly, also while another process
/// runs a sweep on it (WAL: readers never block the writer).
/// </summary>
public sealed class SqliteResultsStore : SqlResultsStore, IDisposable
{
    private readonly string connectionString;
    private readonly Lazy<WriterThread> writer = new(() => new WriterThread("sweep results writer"));
    private volatile bool created;

    private readonly bool readOnly;

    /// <param name="databasePath">The SQLite file; created with the schema if it does not exist.</param>
    /// <param name="time">The clock for the times of runs.</param>
    public SqliteResultsStore(string databasePath, TimeProvider? time = null)
        : base(Path.GetFullPath(databasePath), time)
    {
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Location,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
    }

    private SqliteResultsStore(string databasePath, bool readOnly)
        : base(Path.GetFullPath(databasePath), null)
    {
        this.readOnly = readOnly;
        created = true;
        connectionString = new SqliteConnectionStringBuilder
        {
            // A store on a read-only file system (an archive, a read-only mount) cannot get the shared-memory file that
            // reading a WAL database needs; as immutable, SQLite reads the file as it is and takes no locks.
            DataSource = new Uri(Location).AbsoluteUri + "?immutable=1",
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString();
    }

    /// <summary>
    /// A store that this process can read but not write (a read-only file system): opened as immutable, for queries
    /// only; it is not migrated, and one of another schema version is refused with what to do.
    /// </summary>
    public static SqliteResultsStore ReadOnly(string databasePath) => new(databasePath, readOnly: true);

    /// <summary>Whether <paramref name="exception"/> says that the file cannot be opened or written as a store is (SQLite's CANTOPEN or READONLY).</summary>
    public static bool CannotWrite(SqliteException exception) => exception?.SqliteErrorCode is 8 or 14;

    /// <summary>Whether the store holds sweeps of an earlier Sweep whose rows are still to be written from their grain state.</summary>
    public async Task<bool> LegacyImportPendingAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, null, "SELECT count(*) FROM store_meta WHERE key = @key;");
        Add(command, "@key", ResultsSchema.LegacyImport);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Records that the earlier sweeps' rows are written.</summary>
    public async Task LegacyImportDoneAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, null, "DELETE FROM store_meta WHERE key = @key;");
        Add(command, "@key", ResultsSchema.LegacyImport);
        await command.ExecuteNonQueryAsync();
    }

    public override ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        if (writer.IsValueCreated)
        {
            writer.Value.Dispose();
        }

        using (var connection = new SqliteConnection(connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }
    }

    private protected override Task WriteAsync(Func<Task> write) => writer.Value.RunAsync(write);

    protected override object TimeValue(DateTimeOffset value) => value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    protected override async Task<DbConnection> ConnectAsync()
    {
        if (!created)
        {
            StoreFiles.CreateDatabase(Location);
            created = true;
        }

        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();

            // Per connection; with WAL, NORMAL syncs at checkpoints: a committed row survives the process being killed.
            command.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;";
            await command.ExecuteNonQueryAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    protected override async Task MigrateAsync(DbConnection connection)
    {
        if (readOnly)
        {
            var version = await ResultsSchema.VersionAsync((SqliteConnection)connection);
            if (version != ResultsSchema.Version)
            {
                throw new InvalidOperationException(
                    $"the store {Location} cannot be written and has schema version {version}, not {ResultsSchema.Version}; open it once where it can be written (it is then migrated), or with the Sweep that wrote it");
            }

            return;
        }

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode = WAL;";
            await command.ExecuteNonQueryAsync();
        }

        await ResultsSchema.MigrateAsync((SqliteConnection)connection, Location);
    }
}
