using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Sweep.Grains.Storage;

/// <summary>
/// Keeps grain state in one table of a local SQLite file, keyed by state name and grain id, with a random
/// ETag per row for optimistic concurrency.
/// </summary>
internal sealed partial class SqliteGrainStorage(
    string name,
    SqliteGrainStorageOptions options,
    IGrainStorageSerializer serializer,
    IActivatorProvider activatorProvider,
    TimeProvider time,
    ILogger<SqliteGrainStorage> logger) : IGrainStorage, IDisposable
{
    private const string CreateTableSql = """
        CREATE TABLE IF NOT EXISTS grain_state (
            state_name   TEXT NOT NULL,
            grain_id     TEXT NOT NULL,
            etag         TEXT NOT NULL,
            payload      BLOB NOT NULL,
            modified_utc TEXT NOT NULL,
            PRIMARY KEY (state_name, grain_id)
        ) WITHOUT ROWID;
        """;

    private const string SelectSql =
        "SELECT etag, payload FROM grain_state WHERE state_name = $state AND grain_id = $grain;";

    private const string SelectETagSql =
        "SELECT etag FROM grain_state WHERE state_name = $state AND grain_id = $grain;";

    // A caller without an ETag believes no row exists; DO NOTHING turns "it does" into zero changed rows.
    private const string InsertSql = """
        INSERT INTO grain_state (state_name, grain_id, etag, payload, modified_utc)
        VALUES ($state, $grain, $newEtag, $payload, $modified)
        ON CONFLICT (state_name, grain_id) DO NOTHING;
        """;

    private const string UpdateSql = """
        UPDATE grain_state SET etag = $newEtag, payload = $payload, modified_utc = $modified
        WHERE state_name = $state AND grain_id = $grain AND etag = $etag;
        """;

    // `IS` rather than `=` so a null ETag matches nothing instead of needing its own statement.
    private const string DeleteSql =
        "DELETE FROM grain_state WHERE state_name = $state AND grain_id = $grain AND etag IS $etag;";

    private readonly string _databasePath = Path.GetFullPath(options.DatabasePath);

    // PRAGMA takes no bound parameters, and the value is an int, so formatting it in is safe. With the WAL journal,
    // synchronous = NORMAL syncs at checkpoints instead of at every commit: a committed write survives the process
    // being killed, though not the machine losing power before the next checkpoint, and a trial's two writes cost
    // no disk flush each.
    private readonly string _busyTimeoutSql = string.Create(
        CultureInfo.InvariantCulture,
        $"PRAGMA busy_timeout = {(int)Math.Clamp(options.BusyTimeout.TotalMilliseconds, 0, int.MaxValue)}; PRAGMA synchronous = NORMAL;");

    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(options.DatabasePath),
        Mode = SqliteOpenMode.ReadWriteCreate,
        // Pooling gives each operation its own connection cheaply; SqliteConnection is not thread-safe.
        Pooling = true,
    }.ToString();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(
        string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = CreateCommand(connection, SelectSql, stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);

        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ResetState(grainState);
            return;
        }

        var etag = reader.GetString(0);
        var payload = reader.GetFieldValue<byte[]>(1);
        var state = serializer.Deserialize<T>(new BinaryData(payload));
        grainState.State = state is null ? activatorProvider.GetActivator<T>().Create() : state;
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(
        string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);

        var currentEtag = grainState.ETag;
        var newEtag = Guid.NewGuid().ToString("N");
        var payload = serializer.Serialize(grainState.State).ToArray();

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = CreateCommand(
            connection, currentEtag is null ? InsertSql : UpdateSql, stateName, grainId))
        {
            command.Parameters.AddWithValue("$newEtag", newEtag);
            command.Parameters.AddWithValue("$payload", payload);
            command.Parameters.AddWithValue(
                "$modified", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            if (currentEtag is not null)
            {
                command.Parameters.AddWithValue("$etag", currentEtag);
            }

            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                throw await ConflictAsync<T>(
                    connection, "WriteState", stateName, grainId, currentEtag, cancellationToken).ConfigureAwait(false);
            }
        }

        grainState.ETag = newEtag;
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(
        string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);

        var currentEtag = grainState.ETag;
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = CreateCommand(connection, DeleteSql, stateName, grainId))
        {
            command.Parameters.AddWithValue("$etag", (object?)currentEtag ?? DBNull.Value);
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                // Nothing deleted is fine when there was nothing to delete (clearing twice, or clearing a
                // grain that never wrote); it is a conflict only when a row the caller has not seen exists.
                var storedEtag = await ReadETagAsync(connection, stateName, grainId, cancellationToken)
                    .ConfigureAwait(false);
                if (storedEtag is not null)
                {
                    throw Conflict<T>("ClearState", stateName, grainId, storedEtag, currentEtag);
                }
            }
        }

        ResetState(grainState);
    }

    public void Dispose()
    {
        // Closing the pooled connections checkpoints the WAL back into the database file, so a stopped
        // silo leaves one self-contained file behind.
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _initLock.Dispose();
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            StoreFiles.CreateDatabase(_databasePath);

            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

            // journal_mode=WAL is persisted in the file, so setting it once here covers every later
            // connection, including other processes reading the same file while this silo writes.
            string? journalMode;
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "PRAGMA journal_mode = WAL;";
                journalMode = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
            }

            if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                LogWalUnavailable(logger, name, _databasePath, journalMode);
            }

            await using (var command = connection.CreateCommand())
            {
                command.CommandText = CreateTableSql;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            _initialized = true;
            LogOpened(logger, name, _databasePath);
        }
        finally
        {
            _initLock.Release();
        }
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // busy_timeout is per connection, and a pooled connection may be new; re-issuing it is cheap.
            await using var command = connection.CreateCommand();
            command.CommandText = _busyTimeoutSql;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static SqliteCommand CreateCommand(
        SqliteConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        return command;
    }

    private static async Task<string?> ReadETagAsync(
        SqliteConnection connection, string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(connection, SelectETagSql, stateName, grainId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    private async Task<InconsistentStateException> ConflictAsync<T>(
        SqliteConnection connection,
        string operation,
        string stateName,
        GrainId grainId,
        string? currentEtag,
        CancellationToken cancellationToken)
    {
        var storedEtag = await ReadETagAsync(connection, stateName, grainId, cancellationToken).ConfigureAwait(false);
        return Conflict<T>(operation, stateName, grainId, storedEtag, currentEtag);
    }

    private InconsistentStateException Conflict<T>(
        string operation, string stateName, GrainId grainId, string? storedEtag, string? currentEtag)
    {
        LogConflict(logger, operation, name, stateName, grainId, storedEtag, currentEtag);
        return new InconsistentStateException(
            $"Version conflict ({operation}): ProviderName={name} StateName={stateName} GrainType={typeof(T)} " +
            $"GrainId={grainId} StoredETag={storedEtag ?? "<none>"} CurrentETag={currentEtag ?? "<none>"}.",
            storedEtag!,
            currentEtag!);
    }

    private void ResetState<T>(IGrainState<T> grainState)
    {
        grainState.State = activatorProvider.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite grain storage {ProviderName} is using {DatabasePath}")]
    private static partial void LogOpened(ILogger logger, string providerName, string databasePath);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "SQLite grain storage {ProviderName} could not switch {DatabasePath} to WAL (journal mode is {JournalMode}); other processes may be blocked while it writes")]
    private static partial void LogWalUnavailable(
        ILogger logger, string providerName, string databasePath, string? journalMode);

    [LoggerMessage(
        Level = LogLevel.Debug,
        Message = "{Operation} conflict in SQLite grain storage {ProviderName} for {StateName} of {GrainId}: stored ETag {StoredETag}, caller's ETag {CurrentETag}")]
    private static partial void LogConflict(
        ILogger logger,
        string operation,
        string providerName,
        string stateName,
        GrainId grainId,
        string? storedEtag,
        string? currentEtag);
}
