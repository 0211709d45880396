using System.Data.Common;
using Npgsql;

namespace Sweep.Grains.ResultsStore;

/// <summary>
/// The results store in PostgreSQL: a cluster's, which every silo writes at once and every command reads directly.
/// Connections come from Npgsql's pool; the schema is brought to <see cref="ResultsSchema.Version"/> by the first silo
/// to open it, under an advisory lock, so silos that start together migrate it once.
/// </summary>
public sealed class PostgresResultsStore : SqlResultsStore
{
    // Any constant the cluster's database uses for nothing else: the migration's advisory lock.
    private const long MigrationLock = 0x5357_4545_5000;

    private readonly NpgsqlDataSource source;

    /// <param name="connectionString">An Npgsql connection string; its database must exist.</param>
    /// <param name="time">The clock for the times of runs.</param>
    public PostgresResultsStore(string connectionString, TimeProvider? time = null)
        : base(Describe(connectionString), time)
    {
        source = NpgsqlDataSource.Create(connectionString);
    }

    public override ValueTask DisposeAsync() => source.DisposeAsync();

    // The server refused nothing that was written: it could not be reached, lost the connection (class 08), was shutting
    // down or starting (57P01-57P03), had too many connections (53300), or met a deadlock or a serialization failure. Not
    // a full disk (53100), no memory (53200) or an I/O error (58030), which Npgsql counts as transient: they last.
    public override bool IsTransient(Exception exception) => exception switch
    {
        PostgresException server => server.SqlState.StartsWith("08", StringComparison.Ordinal)
            || server.SqlState is "57P01" or "57P02" or "57P03" or "53300" or "40001" or "40P01",
        NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or IOException => true,
        _ => exception.InnerException is { } inner && IsTransient(inner),
    };

    protected override object TimeValue(DateTimeOffset value) => value.ToUniversalTime();

    protected override string Json(string name) => $"CAST({name} AS jsonb)";

    protected override string JsonText(string name) => $"CAST({name} AS json)";

    protected override async Task<DbConnection> ConnectAsync() => await source.OpenConnectionAsync();

    // Under an advisory lock: silos that start together migrate once.
    protected override async Task MigrateAsync(DbConnection connection)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = Command(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLock}); CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL);");
        await command.ExecuteNonQueryAsync();
        command.CommandText = "SELECT coalesce(max(version), 0) FROM schema_version;";
        var version = Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        if (version > ResultsSchema.Version)
        {
            throw new InvalidOperationException(
                $"the store {Location} has schema version {version}, newer than this Sweep's {ResultsSchema.Version}; use the Sweep that wrote it");
        }

        for (var i = version; i < ResultsSchema.Version; i++)
        {
            command.CommandText = $"{ResultsSchema.Postgres[i]} DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES ({i + 1});";
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    protected override async Task<int> VersionAsync(DbConnection connection)
    {
        await using var command = Command(connection, null, "SELECT coalesce(max(version), 0) FROM schema_version;");
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    // Where the store is, for messages: host, port and database, never the password.
    private static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgresql://{builder.Host}:{builder.Port}/{builder.Database}";
    }
}
