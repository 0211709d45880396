using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sweep.Grains.Contracts;

namespace Sweep.Grains.ResultsStore;

/// <summary>
/// The results store's statements, in the SQL that SQLite and PostgreSQL both speak (<c>ON CONFLICT</c> upserts,
/// <c>@name</c> parameters). An engine opens connections, keeps the schema current and says how it stores times and JSON:
/// <see cref="SqliteResultsStore"/> (the embedded store, one machine) and <see cref="PostgresResultsStore"/> (a cluster's,
/// written by every silo at once). The queries are in <c>SqlResultsStore.Queries.cs</c> (a race's in <c>SqlResultsStore.Race.cs</c>), the mapping of rows in <c>SqlResultsStore.Rows.cs</c>.
/// </summary>
public abstract partial class SqlResultsStore : IResultsStore, IAsyncDisposable
{
    private readonly TimeProvider time;
    private readonly SemaphoreSlim migrated = new(1, 1);
    private volatile bool ready;

    /// <param name="location">Where the rows are kept, for messages.</param>
    /// <param name="time">The clock for the times of runs.</param>
    protected SqlResultsStore(string location, TimeProvider? time)
    {
        Location = location;
        this.time = time ?? TimeProvider.System;
    }

    public string Location { get; }

    /// <summary>Closes the store's connections (and a SQLite store's writer, after the writes queued).</summary>
    public abstract ValueTask DisposeAsync();

    public abstract bool IsTransient(Exception exception);

    /// <summary>An open connection to the store, its schema as it may be.</summary>
    protected abstract Task<DbConnection> ConnectAsync();

    /// <summary>Brings the schema to <see cref="ResultsSchema.Version"/>; called once per store object, by one caller at a time.</summary>
    protected abstract Task MigrateAsync(DbConnection connection);

    /// <summary>The store's schema version, as <see cref="MigrateAsync"/> keeps it.</summary>
    protected abstract Task<int> VersionAsync(DbConnection connection);

    /// <summary>
    /// Opened for queries only, by a process that must not change the store (a client reading a cluster's store, a
    /// store on a read-only file system): it is never migrated, and one of another schema version is refused.
    /// </summary>
    public bool QueriesOnly { get; init; }

    private async Task CheckVersionAsync(DbConnection connection)
    {
        var version = await VersionAsync(connection);
        if (version != ResultsSchema.Version)
        {
            throw new InvalidOperationException(
                $"the store {Location} has schema version {version}, not this Sweep's {ResultsSchema.Version}, and is opened for queries only; open it once with this Sweep where it can be written (it is then migrated), or use the Sweep that wrote it");
        }
    }

    /// <summary>A time as the engine stores it.</summary>
    protected abstract object TimeValue(DateTimeOffset value);

    /// <summary>Runs one of the store's writes; an engine may run it elsewhere than on the caller's thread.</summary>
    private protected virtual Task WriteAsync(Func<Task> write) => write();

    /// <summary>As <see cref="WriteAsync(Func{Task})"/>, for a write that returns a value.</summary>
    private protected async Task<T> WriteAsync<T>(Func<Task<T>> write)
    {
        var result = default(T)!;
        await WriteAsync(async () => { result = await write(); });
        return result;
    }

    /// <summary>How a statement passes the JSON text of parameter <paramref name="name"/> to a JSON column.</summary>
    protected virtual string Json(string name) => name;

    /// <summary>As <see cref="Json"/>, for a column that keeps the text as written (its keys' order).</summary>
    protected virtual string JsonText(string name) => name;

    public Task<long> SweepStartedAsync(SweepRow sweep, IReadOnlyList<ConfigurationInfo> configurations, IReadOnlyList<int> seeds, SweepRequest request) => WriteAsync(() => SweepStartedCoreAsync(sweep, configurations, seeds, request));

    private async Task<long> SweepStartedCoreAsync(SweepRow sweep, IReadOnlyList<ConfigurationInfo> configurations, IReadOnlyList<int> seeds, SweepRequest request)
    {
        long run;
        await using var connection = await OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var command = Command(connection, transaction, $"""
            INSERT INTO sweeps (sweep_id, name, state, metric, baseline_id, configurations, trials, created, finished, cancelled, trace_id, race)
            VALUES (@id, @name, @state, @metric, @baseline, @configurations, @trials, @created, @finished, @cancelled, @trace, {JsonText("@race")})
            ON CONFLICT (sweep_id) DO UPDATE SET name = excluded.name, state = excluded.state, metric = excluded.metric,
                baseline_id = excluded.baseline_id, finished = excluded.finished, cancelled = excluded.cancelled, trace_id = excluded.trace_id,
                race = excluded.race;
            """))
        {
            AddSweep(command, sweep);
            Add(command, "@configurations", configurations.Count);
            Add(command, "@trials", configurations.Count * seeds.Count);
            await command.ExecuteNonQueryAsync();
        }

        await using (var configuration = Command(connection, transaction, "INSERT INTO configurations (configuration_id, spec) VALUES (@id, @spec) ON CONFLICT DO NOTHING;"))
        await using (var member = Command(connection, transaction, $"""
            INSERT INTO sweep_configurations (sweep_id, position, configuration_id, label, settings)
            VALUES (@sweep, @position, @id, @label, {JsonText("@settings")})
            ON CONFLICT (sweep_id, position) DO UPDATE SET label = excluded.label, settings = excluded.settings;
            """))
        {
            Add(member, "@sweep", sweep.SweepId);
            for (var i = 0; i < configurations.Count; i++)
            {
                Set(configuration, "@id", configurations[i].Id);
                Set(configuration, "@spec", configurations[i].SpecJson);
                Set(member, "@position", i);
                Set(member, "@id", configurations[i].Id);
                Set(member, "@label", configurations[i].Label);
                Set(member, "@settings", configurations[i].SettingsJson);
                await configuration.ExecuteNonQueryAsync();
                await member.ExecuteNonQueryAsync();
            }
        }

        await using (var command = Command(connection, transaction, "INSERT INTO sweep_seeds (sweep_id, seed) VALUES (@sweep, @seed) ON CONFLICT DO NOTHING;"))
        {
            Add(command, "@sweep", sweep.SweepId);
            foreach (var value in seeds)
            {
                Set(command, "@seed", value);
                await command.ExecuteNonQueryAsync();
            }
        }

        await using (var command = Command(connection, transaction, """
            INSERT INTO sweep_runs (sweep_id, started, file, file_sha256, text, seeds_override, epochs_override)
            VALUES (@sweep, @started, @file, @sha256, @text, @seeds, @epochs)
            RETURNING run;
            """))
        {
            Add(command, "@sweep", sweep.SweepId);
            Add(command, "@started", TimeValue(time.GetUtcNow()));
            Add(command, "@file", request.File);
            Add(command, "@sha256", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.Text))));
            Add(command, "@text", request.Text);
            Add(command, "@seeds", request.Seeds);
            Add(command, "@epochs", request.Epochs);
            run = Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }

        await transaction.CommitAsync();
        return run;
    }

    public Task SweepChangedAsync(SweepRow sweep) => WriteAsync(() => SweepChangedCoreAsync(sweep));

    private async Task SweepChangedCoreAsync(SweepRow sweep)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, null, $"""
            UPDATE sweeps SET name = @name, state = @state, metric = @metric, baseline_id = @baseline, created = @created,
                finished = @finished, cancelled = @cancelled, trace_id = @trace, race = {JsonText("@race")}
            WHERE sweep_id = @id;
            """);
        AddSweep(command, sweep);
        await command.ExecuteNonQueryAsync();
    }

    public Task TrialStartedAsync(string configurationId, int seed, TrialAttempt attempt) => WriteAsync(() => TrialStartedCoreAsync(configurationId, seed, attempt));

    private async Task TrialStartedCoreAsync(string configurationId, int seed, TrialAttempt attempt)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, null, """
            INSERT INTO trials (configuration_id, seed, state, silo, attempts, started)
            VALUES (@configuration, @seed, 'running', @silo, @attempts, @started)
            ON CONFLICT (configuration_id, seed) DO UPDATE SET state = 'running', silo = excluded.silo, attempts = excluded.attempts,
                started = excluded.started, finished = NULL, error = NULL
            WHERE trials.state NOT IN ('completed', 'diverged');
            """);
        Add(command, "@configuration", configurationId);
        Add(command, "@seed", seed);
        Add(command, "@silo", attempt.Silo);
        Add(command, "@attempts", attempt.Number);
        Add(command, "@started", TimeValue(attempt.Started));
        await command.ExecuteNonQueryAsync();
    }

    public Task TrialReturnedAsync(string configurationId, int seed, TrialAttempt attempt) => WriteAsync(() => TrialReturnedCoreAsync(configurationId, seed, attempt));

    private async Task TrialReturnedCoreAsync(string configurationId, int seed, TrialAttempt attempt)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, null, """
            UPDATE trials SET state = 'pending', finished = @ended, error = @error
            WHERE configuration_id = @configuration AND seed = @seed AND state = 'running';
            """);
        Add(command, "@configuration", configurationId);
        Add(command, "@seed", seed);
        Add(command, "@ended", attempt.Ended is { } ended ? TimeValue(ended) : null);
        Add(command, "@error", attempt.Error);
        await command.ExecuteNonQueryAsync();
    }

    public Task RetryFailedAsync(string sweepId) => WriteAsync(() => RetryFailedCoreAsync(sweepId));

    private async Task RetryFailedCoreAsync(string sweepId)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, null, """
            UPDATE trials SET state = 'pending'
            WHERE state = 'failed' AND EXISTS (
                SELECT 1 FROM sweep_configurations sc JOIN sweep_seeds ss ON ss.sweep_id = sc.sweep_id
                WHERE sc.sweep_id = @id AND sc.configuration_id = trials.configuration_id AND ss.seed = trials.seed);
            """);
        Add(command, "@id", sweepId);
        await command.ExecuteNonQueryAsync();
    }

    public Task TrialEndedAsync(TrialRecord record) => WriteAsync(() => TrialEndedCoreAsync(record));

    private async Task TrialEndedCoreAsync(TrialRecord record)
    {
        var outcome = record.Outcome;
        await using var connection = await OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var command = Command(connection, transaction, """
            INSERT INTO trials (configuration_id, seed, state, silo, attempts, started, finished, error,
                test_accuracy, train_accuracy, test_loss, train_loss, activation_mean, zero_fraction, seconds, backend, val_accuracy, val_loss)
            VALUES (@configuration, @seed, @state, @silo, @attempts, @started, @finished, @error,
                @test_accuracy, @train_accuracy, @test_loss, @train_loss, @activation_mean, @zero_fraction, @seconds, @backend, @val_accuracy, @val_loss)
            ON CONFLICT (configuration_id, seed) DO UPDATE SET state = excluded.state, silo = excluded.silo, attempts = excluded.attempts,
                started = excluded.started, finished = excluded.finished, error = excluded.error,
                test_accuracy = excluded.test_accuracy, train_accuracy = excluded.train_accuracy, test_loss = excluded.test_loss,
                train_loss = excluded.train_loss, activation_mean = excluded.activation_mean, zero_fraction = excluded.zero_fraction,
                seconds = excluded.seconds, backend = excluded.backend, val_accuracy = excluded.val_accuracy, val_loss = excluded.val_loss
            WHERE trials.state NOT IN ('completed', 'diverged');
            """))
        {
            AddTrialKey(command, outcome);
            Add(command, "@state", StateName(outcome.State));
            Add(command, "@silo", outcome.Silo);
            Add(command, "@attempts", Math.Max(outcome.AttemptLog.Length, 1));
            Add(command, "@started", TimeValue(outcome.Started));
            Add(command, "@finished", TimeValue(outcome.Finished));
            Add(command, "@error", outcome.Error);
            var metrics = outcome.Metrics;
            Add(command, "@test_accuracy", Real(metrics?.TestAccuracy));
            Add(command, "@train_accuracy", Real(metrics?.TrainAccuracy));
            Add(command, "@test_loss", Real(metrics?.TestLoss));
            Add(command, "@train_loss", Real(metrics?.TrainLoss));
            Add(command, "@activation_mean", Real(metrics?.ActivationMean));
            Add(command, "@zero_fraction", Real(metrics?.ZeroFraction));
            Add(command, "@seconds", Real(metrics?.Seconds));
            Add(command, "@backend", metrics?.Backend);
            Add(command, "@val_accuracy", Real(metrics?.ValAccuracy));
            Add(command, "@val_loss", Real(metrics?.ValLoss));

            // A completed or diverged row stands: this one is a duplicate of it (a trial reported twice), not news.
            if (await command.ExecuteNonQueryAsync() == 0)
            {
                return;
            }
        }

        await using (var command = Command(connection, transaction, $"""
            DELETE FROM trial_attempts WHERE configuration_id = @configuration AND seed = @seed;
            DELETE FROM penalties WHERE configuration_id = @configuration AND seed = @seed;
            INSERT INTO histories (configuration_id, seed, loss, accuracy, val_loss, val_accuracy, learning_rate)
            VALUES (@configuration, @seed, {Json("@loss")}, {Json("@accuracy")}, {Json("@val_loss")}, {Json("@val_accuracy")}, {Json("@learning_rate")})
            ON CONFLICT (configuration_id, seed) DO UPDATE SET loss = excluded.loss, accuracy = excluded.accuracy,
                val_loss = excluded.val_loss, val_accuracy = excluded.val_accuracy, learning_rate = excluded.learning_rate;
            """))
        {
            AddTrialKey(command, outcome);
            Add(command, "@loss", JsonFloats(record.Loss));
            Add(command, "@accuracy", JsonFloats(record.Accuracy));
            Add(command, "@val_loss", JsonFloats(record.ValLoss));
            Add(command, "@val_accuracy", JsonFloats(record.ValAccuracy));
            Add(command, "@learning_rate", JsonFloats(record.LearningRate));
            await command.ExecuteNonQueryAsync();
        }

        await using (var command = Command(connection, transaction, """
            INSERT INTO trial_attempts (configuration_id, seed, number, silo, started, ended, error, run)
            VALUES (@configuration, @seed, @number, @silo, @started, @ended, @error, @run);
            """))
        {
            AddTrialKey(command, outcome);
            foreach (var attempt in outcome.AttemptLog)
            {
                Set(command, "@number", attempt.Number);
                Set(command, "@silo", attempt.Silo);
                Set(command, "@started", TimeValue(attempt.Started));
                Set(command, "@ended", attempt.Ended is { } ended ? TimeValue(ended) : null);
                Set(command, "@error", attempt.Error);
                Set(command, "@run", attempt.Run);
                await command.ExecuteNonQueryAsync();
            }
        }

        await using (var command = Command(connection, transaction, "INSERT INTO penalties (configuration_id, seed, name, value) VALUES (@configuration, @seed, @name, @value);"))
        {
            AddTrialKey(command, outcome);
            // A diverged trial's weight penalties are not finite: they have no row (the column is a number).
            foreach (var penalty in record.Penalties.Where(p => double.IsFinite(p.Value)))
            {
                Set(command, "@name", penalty.Name);
                Set(command, "@value", Real(penalty.Value));
                await command.ExecuteNonQueryAsync();
            }
        }

        await transaction.CommitAsync();
    }

    /// <summary>An open connection to a store whose schema is current: the first one migrates it.</summary>
    private protected async Task<DbConnection> OpenAsync()
    {
        var connection = await ConnectAsync();
        try
        {
            if (!ready)
            {
                await migrated.WaitAsync();
                try
                {
                    if (!ready)
                    {
                        if (QueriesOnly)
                        {
                            await CheckVersionAsync(connection);
                        }
                        else
                        {
                            await MigrateAsync(connection);
                        }

                        ready = true;
                    }
                }
                finally
                {
                    migrated.Release();
                }
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
