using System.Text.Json;
using Npgsql;

namespace Sweep.Grains.ResultsStore;

/// <summary>
/// Where a cluster keeps its results, as its silos publish it beside the cluster's membership (in Redis), so that a
/// client that only reads (<c>list</c>, <c>status</c>, <c>best</c>, <c>results</c>, ...) opens the results store
/// directly instead of asking a silo: it answers while every silo is down, too.
/// </summary>
/// <param name="Kind"><c>postgres</c> or <c>sqlite</c>.</param>
/// <param name="Value">The Npgsql connection string without its password (a client brings its own: <c>PGPASSWORD</c> or
/// <c>~/.pgpass</c>), or the SQLite file's full path on the silos' machine.</param>
public sealed record ResultsLocation(string Kind, string Value)
{
    /// <summary>The Redis key that holds the location of cluster <paramref name="clusterId"/>'s results.</summary>
    public static string RedisKey(string clusterId) => $"sweep:{clusterId}:results";

    /// <summary>A PostgreSQL store's location; the password stays with the silos.</summary>
    public static ResultsLocation Postgres(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Password = null };
        return new ResultsLocation("postgres", builder.ConnectionString);
    }

    /// <summary>A SQLite store's location.</summary>
    public static ResultsLocation Sqlite(string path) => new("sqlite", Path.GetFullPath(path));

    /// <summary>The location as stored in Redis.</summary>
    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, string> { ["kind"] = Kind, ["value"] = Value });

    /// <summary>A location read from Redis; null for text that is not one.</summary>
    public static ResultsLocation? Parse(string? json)
    {
        try
        {
            var fields = json is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(json);
            return fields is not null && fields.TryGetValue("kind", out var kind) && fields.TryGetValue("value", out var value) && kind is "postgres" or "sqlite"
                ? new ResultsLocation(kind, value)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Opens the store for reading; null where this machine cannot read it (a SQLite file of another machine).
    /// </summary>
    public SqlResultsStore? Open() => Kind switch
    {
        "postgres" => new PostgresResultsStore(Value),
        _ when File.Exists(Value) => new SqliteResultsStore(Value),
        _ => null,
    };

    /// <summary>Where the store is, for messages; never a password.</summary>
    public override string ToString() => Kind == "postgres" ? $"PostgreSQL ({Value})" : Value;
}
