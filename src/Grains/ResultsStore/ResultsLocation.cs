using System.Net;
using System.Text.Json;
using Npgsql;

namespace Sweep.Grains.ResultsStore;

/// <summary>
/// Where a cluster keeps its results, as its silos publish it beside the cluster's membership (in Redis), so that a
/// client that only reads (<c>list</c>, <c>status</c>, <c>best</c>, <c>results</c>, ...) opens the results store
/// directly instead of asking a silo: it answers while every silo is down, too.
/// </summary>
/// <param name="Kind"><c>postgres</c> or <c>sqlite</c>.</param>
/// <param name="Value">
/// The Npgsql connection string with only what reaches the database (host, port, database, user, SSL mode: no password
/// or key; a client brings its own through <c>PGPASSWORD</c> or <c>~/.pgpass</c>), or the SQLite file's full path.
/// </param>
/// <param name="Machine">The silo's machine name: a SQLite path, or a database on <c>localhost</c>, means that machine only.</param>
public sealed record ResultsLocation(string Kind, string Value, string? Machine)
{
    /// <summary>The Redis key that holds the location of cluster <paramref name="clusterId"/>'s results.</summary>
    public static string RedisKey(string clusterId) => $"sweep:{clusterId}:results";

    /// <summary>
    /// The Redis key that exists while a silo of cluster <paramref name="clusterId"/> runs: each silo sets it every few
    /// seconds, to expire after <see cref="AliveFor"/>, so that a client reading the store tells a running sweep from one
    /// whose silos are all gone.
    /// </summary>
    public static string AliveKey(string clusterId) => $"sweep:{clusterId}:alive";

    /// <summary>How long <see cref="AliveKey"/> outlives the last silo's last write.</summary>
    public static readonly TimeSpan AliveFor = TimeSpan.FromSeconds(15);

    /// <summary>A PostgreSQL store's location; secrets stay with the silos.</summary>
    public static ResultsLocation Postgres(string connectionString)
    {
        var given = new NpgsqlConnectionStringBuilder(connectionString);
        var shared = new NpgsqlConnectionStringBuilder { Host = given.Host, Port = given.Port, Database = given.Database, Username = given.Username, SslMode = given.SslMode };
        return new ResultsLocation("postgres", shared.ConnectionString, Environment.MachineName);
    }

    /// <summary>A SQLite store's location.</summary>
    public static ResultsLocation Sqlite(string path) => new("sqlite", Path.GetFullPath(path), Environment.MachineName);

    /// <summary>The location as stored in Redis.</summary>
    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, string?> { ["kind"] = Kind, ["value"] = Value, ["machine"] = Machine });

    /// <summary>A location read from Redis; null for text that is not one.</summary>
    public static ResultsLocation? Parse(string? json)
    {
        try
        {
            var fields = json is null ? null : JsonSerializer.Deserialize<Dictionary<string, string?>>(json);
            return fields is not null && fields.GetValueOrDefault("kind") is "postgres" or "sqlite" && fields.GetValueOrDefault("value") is { } value
                ? new ResultsLocation(fields["kind"]!, value, fields.GetValueOrDefault("machine"))
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Opens the store for queries only (never migrated; another schema version is refused); null where this machine
    /// cannot reach it as the silos do: a SQLite file of another machine, or a database that the silos reach on their
    /// own machine (<c>localhost</c>, a socket). A database that does not answer gives up after 5 s.
    /// </summary>
    public SqlResultsStore? Open()
    {
        var here = Machine == Environment.MachineName;
        if (Kind == "sqlite")
        {
            return here && File.Exists(Value) ? new SqliteResultsStore(Value) { QueriesOnly = true } : null;
        }

        var builder = new NpgsqlConnectionStringBuilder(Value) { Timeout = 5 };
        return here || !OnItsOwnMachine(builder.Host) ? new PostgresResultsStore(builder.ConnectionString) { QueriesOnly = true } : null;
    }

    private static bool OnItsOwnMachine(string? host) =>
        string.IsNullOrEmpty(host) || host.StartsWith('/') || host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
