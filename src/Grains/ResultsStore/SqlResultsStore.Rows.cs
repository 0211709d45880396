using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Sweep.Grains.Contracts;

namespace Sweep.Grains.ResultsStore;

/// <summary>How the store's rows map to Sweep's types and back: the readers of rows and columns, and the parameters of statements.</summary>
public abstract partial class SqlResultsStore
{
    private const string TrialColumns =
        "configuration_id, seed, state, silo, started, finished, error, test_accuracy, train_accuracy, test_loss, train_loss, activation_mean, zero_fraction, seconds, backend, val_accuracy, val_loss";

    // The sweep's trials in the given states (a SQL list of literals), in grid and seed order.
    private static Task<TrialOutcome[]> OutcomesAsync(DbConnection connection, string sweepId, string states) => RowsAsync(
        connection,
        $"""
        SELECT {TrialColumns} FROM sweep_trials
        WHERE sweep_id = @id AND state IN ({states})
        ORDER BY configuration_position, seed;
        """,
        sweepId,
        Outcome);

    private static Task<ConfigurationInfo[]> ConfigurationsAsync(DbConnection connection, string sweepId) => RowsAsync(
        connection,
        """
        SELECT sc.configuration_id, sc.label, c.spec, sc.settings
        FROM sweep_configurations sc JOIN configurations c ON c.configuration_id = sc.configuration_id
        WHERE sc.sweep_id = @id ORDER BY sc.position;
        """,
        sweepId,
        reader => new ConfigurationInfo(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));

    // One value per row of a statement about one sweep (its id bound to @id, and the configurations named, if any, to @c0,
    // @c1, ...: see OnlyConfigurations), in the statement's order.
    private static async Task<T[]> RowsAsync<T>(DbConnection connection, string sql, string sweepId, Func<DbDataReader, T> read, IReadOnlyCollection<string>? configurationIds = null)
    {
        await using var command = Command(connection, null, sql);
        Add(command, "@id", sweepId);
        AddAll(command, configurationIds);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(read(reader));
        }

        return [.. values];
    }

    // The attempts of the sweep's trials, of the configurations named only (all with null; see RecordsAsync's @c0, @c1, ...).
    private static async Task<Dictionary<string, TrialAttempt[]>> AttemptsAsync(DbConnection connection, string sweepId, IReadOnlyCollection<string>? configurationIds = null)
    {
        await using var command = Command(connection, null, $"""
            SELECT a.configuration_id, a.seed, a.number, a.silo, a.started, a.ended, a.error, a.run
            FROM trial_attempts a
            JOIN sweep_configurations sc ON sc.configuration_id = a.configuration_id
            JOIN sweep_seeds ss ON ss.sweep_id = sc.sweep_id AND ss.seed = a.seed
            WHERE sc.sweep_id = @id {OnlyConfigurations(configurationIds)}
            ORDER BY a.configuration_id, a.seed, a.number;
            """);
        Add(command, "@id", sweepId);
        AddAll(command, configurationIds);
        return await AttemptsAsync(command);
    }

    // Attempts by trial key, from a statement that selects configuration_id, seed, number, silo, started, ended, error and run.
    private static async Task<Dictionary<string, TrialAttempt[]>> AttemptsAsync(DbCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync();
        var logs = new Dictionary<string, List<TrialAttempt>>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            var key = TrialKeys.For(reader.GetString(0), reader.GetInt32(1));
            (logs.TryGetValue(key, out var list) ? list : logs[key] = []).Add(new TrialAttempt(
                reader.GetInt32(2),
                reader.GetString(3),
                ReadTime(reader, 4),
                reader.IsDBNull(5) ? null : ReadTime(reader, 5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetInt64(7)));
        }

        return logs.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
    }

    private static TrialOutcome Outcome(DbDataReader reader)
    {
        var state = Enum.Parse<TrialState>(reader.GetString(2), ignoreCase: true);
        var metrics = state == TrialState.Failed ? null : new TrialMetrics(
            Double(reader, 8), Double(reader, 7), Double(reader, 10), Double(reader, 9), Double(reader, 11), Double(reader, 12), Double(reader, 13),
            reader.IsDBNull(14) ? "torch" : reader.GetString(14))
        {
            ValAccuracy = reader.IsDBNull(15) ? null : reader.GetDouble(15),
            ValLoss = reader.IsDBNull(16) ? null : reader.GetDouble(16),
        };
        return new TrialOutcome(
            reader.GetString(0),
            reader.GetInt32(1),
            state,
            metrics,
            reader.IsDBNull(6) ? null : reader.GetString(6),
            reader.IsDBNull(3) ? "" : reader.GetString(3),
            reader.IsDBNull(4) ? default : ReadTime(reader, 4),
            reader.IsDBNull(5) ? default : ReadTime(reader, 5));
    }

    private static double Double(DbDataReader reader, int column) => reader.IsDBNull(column) ? double.NaN : reader.GetDouble(column);

    // SQLite keeps times as ISO 8601 text, PostgreSQL as timestamptz.
    private static DateTimeOffset ReadTime(DbDataReader reader, int column) => reader.GetValue(column) switch
    {
        string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        DateTime utc => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)),
        DateTimeOffset value => value,
        var other => throw new InvalidDataException($"a time column holds {other.GetType().Name}"),
    };

    // count(*) is a 64-bit integer in PostgreSQL.
    private static int Int(DbDataReader reader, int column) => Convert.ToInt32(reader.GetValue(column), CultureInfo.InvariantCulture);

    private static float[] Floats(string json) =>
        JsonSerializer.Deserialize<float?[]>(json)?.Select(v => v ?? float.NaN).ToArray() ?? [];

    private protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Adds a parameter; null is SQL NULL.</summary>
    private protected static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Sets a parameter of a statement run once per row, adding it the first time.</summary>
    private static void Set(DbCommand command, string name, object? value)
    {
        if (command.Parameters.Contains(name))
        {
            command.Parameters[name].Value = value ?? DBNull.Value;
        }
        else
        {
            Add(command, name, value);
        }
    }

    private void AddSweep(DbCommand command, SweepRow sweep)
    {
        Add(command, "@id", sweep.SweepId);
        Add(command, "@name", sweep.Name);
        Add(command, "@state", sweep.State.ToString().ToLowerInvariant());
        Add(command, "@metric", sweep.Metric);
        Add(command, "@baseline", sweep.BaselineId);
        Add(command, "@created", TimeValue(sweep.Created));
        Add(command, "@finished", sweep.Finished is { } finished ? TimeValue(finished) : null);
        Add(command, "@cancelled", sweep.Cancelled is { } cancelled ? TimeValue(cancelled) : null);
        Add(command, "@trace", sweep.TraceId);
        Add(command, "@race", sweep.Race is { } race ? RaceSettings.Write(race) : null);
    }

    private static void AddTrialKey(DbCommand command, TrialOutcome outcome)
    {
        Add(command, "@configuration", outcome.ConfigurationId);
        Add(command, "@seed", outcome.Seed);
    }

    private static string StateName(TrialState state) => state.ToString().ToLowerInvariant();

    // A non-finite metric is stored as NULL: SQLite stores NaN as NULL anyway, and no tool reads infinities alike.
    private static double? Real(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static string JsonFloats(float[] values)
    {
        var text = new StringBuilder(values.Length * 10 + 2).Append('[');
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            if (float.IsFinite(values[i]))
            {
                text.Append(CultureInfo.InvariantCulture, $"{values[i]:R}");
            }
            else
            {
                text.Append("null");
            }
        }

        return text.Append(']').ToString();
    }
}
