using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Sweep.Grains.Contracts;

namespace Sweep.Grains.ResultsStore;

/// <summary>
/// The results store in a SQLite file: the embedded cluster's, beside its grain state in the same file. Grains write
/// it (<see cref="IResultsStore"/>); commands that only read open it directly, without a silo
/// (the queries in <c>SqliteResultsStore.Queries.cs</c>), also while another process runs a sweep on it (WAL: readers
/// never block the writer).
/// </summary>
public sealed partial class SqliteResultsStore : IResultsStore, IDisposable
{
    private readonly string connectionString;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim migrated = new(1, 1);
    private volatile bool ready;

    /// <param name="databasePath">The SQLite file; created with the schema if it does not exist.</param>
    /// <param name="time">The clock for the times of runs.</param>
    public SqliteResultsStore(string databasePath, TimeProvider? time = null)
    {
        Location = Path.GetFullPath(databasePath);
        this.time = time ?? TimeProvider.System;
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Location,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
    }

    public string Location { get; }

    public async Task SweepStartedAsync(SweepRow sweep, IReadOnlyList<ConfigurationInfo> configurations, IReadOnlyList<int> seeds, SweepRequest request)
    {
        await using var connection = await OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using (var command = Command(connection, transaction, """
            INSERT INTO sweeps (sweep_id, name, state, metric, baseline_id, configurations, trials, created, finished, cancelled, trace_id)
            VALUES ($id, $name, $state, $metric, $baseline, $configurations, $trials, $created, $finished, $cancelled, $trace)
            ON CONFLICT (sweep_id) DO UPDATE SET name = excluded.name, state = excluded.state, metric = excluded.metric,
                baseline_id = excluded.baseline_id, finished = excluded.finished, cancelled = excluded.cancelled, trace_id = excluded.trace_id;
            """))
        {
            AddSweep(command, sweep);
            command.Parameters.AddWithValue("$configurations", configurations.Count);
            command.Parameters.AddWithValue("$trials", configurations.Count * seeds.Count);
            await command.ExecuteNonQueryAsync();
        }

        await using (var configuration = Command(connection, transaction, "INSERT OR IGNORE INTO configurations (configuration_id, spec) VALUES ($id, $spec);"))
        await using (var member = Command(connection, transaction, "INSERT OR IGNORE INTO sweep_configurations (sweep_id, position, configuration_id, label) VALUES ($sweep, $position, $id, $label);"))
        {
            var id = configuration.Parameters.Add("$id", SqliteType.Text);
            var spec = configuration.Parameters.Add("$spec", SqliteType.Text);
            member.Parameters.AddWithValue("$sweep", sweep.SweepId);
            var position = member.Parameters.Add("$position", SqliteType.Integer);
            var memberId = member.Parameters.Add("$id", SqliteType.Text);
            var label = member.Parameters.Add("$label", SqliteType.Text);
            for (var i = 0; i < configurations.Count; i++)
            {
                id.Value = memberId.Value = configurations[i].Id;
                spec.Value = configurations[i].SpecJson;
                position.Value = i;
                label.Value = configurations[i].Label;
                await configuration.ExecuteNonQueryAsync();
                await member.ExecuteNonQueryAsync();
            }
        }

        await using (var command = Command(connection, transaction, "INSERT OR IGNORE INTO sweep_seeds (sweep_id, seed) VALUES ($sweep, $seed);"))
        {
            command.Parameters.AddWithValue("$sweep", sweep.SweepId);
            var seed = command.Parameters.Add("$seed", SqliteType.Integer);
            foreach (var value in seeds)
            {
                seed.Value = value;
                await command.ExecuteNonQueryAsync();
            }
        }

        await using (var command = Command(connection, transaction, """
            INSERT INTO sweep_runs (sweep_id, started, file, file_sha256, text, seeds_override, epochs_override)
            VALUES ($sweep, $started, $file, $sha256, $text, $seeds, $epochs);
            """))
        {
            command.Parameters.AddWithValue("$sweep", sweep.SweepId);
            command.Parameters.AddWithValue("$started", Time(time.GetUtcNow()));
            command.Parameters.AddWithValue("$file", request.File);
            command.Parameters.AddWithValue("$sha256", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.Text))));
            command.Parameters.AddWithValue("$text", request.Text);
            command.Parameters.AddWithValue("$seeds", (object?)request.Seeds ?? DBNull.Value);
            command.Parameters.AddWithValue("$epochs", (object?)request.Epochs ?? DBNull.Value);
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    public async Task SweepChangedAsync(SweepRow sweep)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, null, """
            UPDATE sweeps SET name = $name, state = $state, metric = $metric, baseline_id = $baseline, created = $created,
                finished = $finished, cancelled = $cancelled, trace_id = $trace
            WHERE sweep_id = $id;
            """);
        AddSweep(command, sweep);
        await command.ExecuteNonQueryAsync();
    }

    public async Task TrialStartedAsync(string configurationId, int seed, TrialAttempt attempt)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, null, """
            INSERT INTO trials (configuration_id, seed, state, silo, attempts, started)
            VALUES ($configuration, $seed, 'running', $silo, $attempts, $started)
            ON CONFLICT (configuration_id, seed) DO UPDATE SET state = 'running', silo = excluded.silo, attempts = excluded.attempts,
                started = excluded.started, finished = NULL, error = NULL
            WHERE trials.state NOT IN ('completed', 'diverged');
            """);
        command.Parameters.AddWithValue("$configuration", configurationId);
        command.Parameters.AddWithValue("$seed", seed);
        command.Parameters.AddWithValue("$silo", attempt.Silo);
        command.Parameters.AddWithValue("$attempts", attempt.Number);
        command.Parameters.AddWithValue("$started", Time(attempt.Started));
        await command.ExecuteNonQueryAsync();
    }

    public async Task TrialReturnedAsync(string configurationId, int seed, TrialAttempt attempt)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, null, """
            UPDATE trials SET state = 'pending', finished = $ended, error = $error
            WHERE configuration_id = $configuration AND seed = $seed AND state = 'running';
            """);
        command.Parameters.AddWithValue("$configuration", configurationId);
        command.Parameters.AddWithValue("$seed", seed);
        command.Parameters.AddWithValue("$ended", (object?)Time(attempt.Ended) ?? DBNull.Value);
        command.Parameters.AddWithValue("$error", (object?)attempt.Error ?? DBNull.Value);
        await command.ExecuteNonQueryAsync();
    }

    public async Task TrialEndedAsync(TrialRecord record)
    {
        var outcome = record.Outcome;
        await using var connection = await OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using (var command = Command(connection, transaction, """
            INSERT INTO trials (configuration_id, seed, state, silo, attempts, started, finished, error,
                test_accuracy, train_accuracy, test_loss, train_loss, activation_mean, zero_fraction, seconds, backend)
            VALUES ($configuration, $seed, $state, $silo, $attempts, $started, $finished, $error,
                $test_accuracy, $train_accuracy, $test_loss, $train_loss, $activation_mean, $zero_fraction, $seconds, $backend)
            ON CONFLICT (configuration_id, seed) DO UPDATE SET state = excluded.state, silo = excluded.silo, attempts = excluded.attempts,
                started = excluded.started, finished = excluded.finished, error = excluded.error,
                test_accuracy = excluded.test_accuracy, train_accuracy = excluded.train_accuracy, test_loss = excluded.test_loss,
                train_loss = excluded.train_loss, activation_mean = excluded.activation_mean, zero_fraction = excluded.zero_fraction,
                seconds = excluded.seconds, backend = excluded.backend
            WHERE trials.state NOT IN ('completed', 'diverged');
            """))
        {
            AddTrialKey(command, outcome);
            command.Parameters.AddWithValue("$state", StateName(outcome.State));
            command.Parameters.AddWithValue("$silo", outcome.Silo);
            command.Parameters.AddWithValue("$attempts", Math.Max(outcome.AttemptLog.Length, 1));
            command.Parameters.AddWithValue("$started", Time(outcome.Started));
            command.Parameters.AddWithValue("$finished", Time(outcome.Finished));
            command.Parameters.AddWithValue("$error", (object?)outcome.Error ?? DBNull.Value);
            var metrics = outcome.Metrics;
            command.Parameters.AddWithValue("$test_accuracy", Real(metrics?.TestAccuracy));
            command.Parameters.AddWithValue("$train_accuracy", Real(metrics?.TrainAccuracy));
            command.Parameters.AddWithValue("$test_loss", Real(metrics?.TestLoss));
            command.Parameters.AddWithValue("$train_loss", Real(metrics?.TrainLoss));
            command.Parameters.AddWithValue("$activation_mean", Real(metrics?.ActivationMean));
            command.Parameters.AddWithValue("$zero_fraction", Real(metrics?.ZeroFraction));
            command.Parameters.AddWithValue("$seconds", Real(metrics?.Seconds));
            command.Parameters.AddWithValue("$backend", (object?)metrics?.Backend ?? DBNull.Value);

            // A completed or diverged row stands: this one is a duplicate of it (a trial reported twice), not news.
            if (await command.ExecuteNonQueryAsync() == 0)
            {
                return;
            }
        }

        await using (var command = Command(connection, transaction, """
            DELETE FROM trial_attempts WHERE configuration_id = $configuration AND seed = $seed;
            DELETE FROM penalties WHERE configuration_id = $configuration AND seed = $seed;
            INSERT OR REPLACE INTO histories (configuration_id, seed, loss, accuracy, val_loss, val_accuracy, learning_rate)
            VALUES ($configuration, $seed, $loss, $accuracy, $val_loss, $val_accuracy, $learning_rate);
            """))
        {
            AddTrialKey(command, outcome);
            command.Parameters.AddWithValue("$loss", JsonFloats(record.Loss));
            command.Parameters.AddWithValue("$accuracy", JsonFloats(record.Accuracy));
            command.Parameters.AddWithValue("$val_loss", JsonFloats(record.ValLoss));
            command.Parameters.AddWithValue("$val_accuracy", JsonFloats(record.ValAccuracy));
            command.Parameters.AddWithValue("$learning_rate", JsonFloats(record.LearningRate));
            await command.ExecuteNonQueryAsync();
        }

        await using (var command = Command(connection, transaction, """
            INSERT INTO trial_attempts (configuration_id, seed, number, silo, started, ended, error)
            VALUES ($configuration, $seed, $number, $silo, $started, $ended, $error);
            """))
        {
            AddTrialKey(command, outcome);
            var number = command.Parameters.Add("$number", SqliteType.Integer);
            var silo = command.Parameters.Add("$silo", SqliteType.Text);
            var started = command.Parameters.Add("$started", SqliteType.Text);
            var ended = command.Parameters.Add("$ended", SqliteType.Text);
            var error = command.Parameters.Add("$error", SqliteType.Text);
            foreach (var attempt in outcome.AttemptLog)
            {
                number.Value = attempt.Number;
                silo.Value = attempt.Silo;
                started.Value = Time(attempt.Started);
                ended.Value = (object?)Time(attempt.Ended) ?? DBNull.Value;
                error.Value = (object?)attempt.Error ?? DBNull.Value;
                await command.ExecuteNonQueryAsync();
            }
        }

        await using (var command = Command(connection, transaction, "INSERT INTO penalties (configuration_id, seed, name, value) VALUES ($configuration, $seed, $name, $value);"))
        {
            AddTrialKey(command, outcome);
            var name = command.Parameters.Add("$name", SqliteType.Text);
            var value = command.Parameters.Add("$value", SqliteType.Real);
            foreach (var penalty in record.Penalties)
            {
                name.Value = penalty.Name;
                value.Value = Real(penalty.Value);
                await command.ExecuteNonQueryAsync();
            }
        }

        await transaction.CommitAsync();
    }

    /// <summary>Whether the store holds sweeps of an earlier Sweep whose rows are still to be written from their grain state.</summary>
    public async Task<bool> LegacyImportPendingAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, null, "SELECT count(*) FROM store_meta WHERE key = $key;");
        command.Parameters.AddWithValue("$key", ResultsSchema.LegacyImport);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Records that the earlier sweeps' rows are written.</summary>
    public async Task LegacyImportDoneAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, null, "DELETE FROM store_meta WHERE key = $key;");
        command.Parameters.AddWithValue("$key", ResultsSchema.LegacyImport);
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        using (var connection = new SqliteConnection(connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        migrated.Dispose();
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync();
            await using (var command = connection.CreateCommand())
            {
                // Per connection; with WAL, NORMAL syncs at checkpoints: a committed row survives the process being killed.
                command.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;";
                await command.ExecuteNonQueryAsync();
            }

            if (!ready)
            {
                await EnsureSchemaAsync(connection);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task EnsureSchemaAsync(SqliteConnection connection)
    {
        await migrated.WaitAsync();
        try
        {
            if (ready)
            {
                return;
            }

            if (Path.GetDirectoryName(Location) is { Length: > 0 } directory)
            {
                Directory.CreateDirectory(directory);
            }

            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "PRAGMA journal_mode = WAL;";
                await command.ExecuteNonQueryAsync();
            }

            await ResultsSchema.MigrateAsync(connection, Location);
            ready = true;
        }
        finally
        {
            migrated.Release();
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void AddSweep(SqliteCommand command, SweepRow sweep)
    {
        command.Parameters.AddWithValue("$id", sweep.SweepId);
        command.Parameters.AddWithValue("$name", sweep.Name);
        command.Parameters.AddWithValue("$state", sweep.State.ToString().ToLowerInvariant());
        command.Parameters.AddWithValue("$metric", sweep.Metric);
        command.Parameters.AddWithValue("$baseline", (object?)sweep.BaselineId ?? DBNull.Value);
        command.Parameters.AddWithValue("$created", Time(sweep.Created));
        command.Parameters.AddWithValue("$finished", (object?)Time(sweep.Finished) ?? DBNull.Value);
        command.Parameters.AddWithValue("$cancelled", (object?)Time(sweep.Cancelled) ?? DBNull.Value);
        command.Parameters.AddWithValue("$trace", (object?)sweep.TraceId ?? DBNull.Value);
    }

    private static void AddTrialKey(SqliteCommand command, TrialOutcome outcome)
    {
        command.Parameters.AddWithValue("$configuration", outcome.ConfigurationId);
        command.Parameters.AddWithValue("$seed", outcome.Seed);
    }

    private static string StateName(TrialState state) => state.ToString().ToLowerInvariant();

    private static string Time(DateTimeOffset value) => value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static string? Time(DateTimeOffset? value) => value is { } v ? Time(v) : null;

    // SQLite stores NaN as NULL anyway; infinities would be stored, but no tool reads them alike.
    private static object Real(double? value) => value is { } v && double.IsFinite(v) ? v : DBNull.Value;

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
                text.Append(values[i].ToString("R", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append("null");
            }
        }

        return text.Append(']').ToString();
    }
}
