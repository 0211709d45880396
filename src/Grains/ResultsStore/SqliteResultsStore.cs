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

    // A private copy read instead of a store that cannot be written (ReadOnly); deleted with this object.
    private readonly string? copyFolder;

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

    private SqliteResultsStore(string location, string connectionString, string? copyFolder)
        : base(location, null)
    {
        this.connectionString = connectionString;
        this.copyFolder = copyFolder;
        created = true;
        QueriesOnly = true;
    }

    /// <summary>
    /// A store that this process can read but not write (a read-only file system), for queries only. Where its WAL holds
    /// rows (its last writer was killed, or the disk went read-only under it), they are read from a private copy of the
    /// database and WAL, where SQLite replays them; otherwise the file is read as immutable, in place, since reading a
    /// WAL database needs its shared-memory file, which a read-only file system cannot hold.
    /// </summary>
    public static SqliteResultsStore ReadOnly(string databasePath)
    {
        var location = Path.GetFullPath(databasePath);
        var wal = new FileInfo(location + "-wal");
        if (wal.Exists && wal.Length > 0)
        {
            var folder = Directory.CreateTempSubdirectory("sweep-store-copy-").FullName;
            var copy = Path.Combine(folder, "sweep.db");
            File.Copy(location, copy);
            File.Copy(wal.FullName, copy + "-wal");
            return new SqliteResultsStore(location, new SqliteConnectionStringBuilder { DataSource = copy, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString(), folder);
        }

        return new SqliteResultsStore(
            location,
            new SqliteConnectionStringBuilder { DataSource = new Uri(location).AbsoluteUri + "?immutable=1", Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString(),
            null);
    }

    // Another process holds a lock for longer than the busy timeout (BUSY, LOCKED). A full disk or a read-only file is not
    // transient: the command fails at once, naming the store and the cause, and a run of its sweep file again resumes it.
    public override bool IsTransient(Exception exception) => exception is SqliteException { SqliteErrorCode: 5 or 6 };

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

        if (copyFolder is not null)
        {
            Directory.Delete(copyFolder, recursive: true);
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

    protected override async Task<int> VersionAsync(DbConnection connection) => await ResultsSchema.VersionAsync((SqliteConnection)connection);

    protected override async Task MigrateAsync(DbConnection connection)
    {
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode = WAL;";
            await command.ExecuteNonQueryAsync();
        }

        await ResultsSchema.MigrateAsync((SqliteConnection)connection, Location);
    }
}
