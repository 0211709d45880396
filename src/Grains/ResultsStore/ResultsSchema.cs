using Microsoft.Data.Sqlite;

namespace Sweep.Grains.ResultsStore;

/// <summary>
/// The results store's relational schema, as versioned migrations: migration i takes a store from version i to i + 1
/// (SQLite's <c>user_version</c>). Times are ISO 8601 text in UTC; a trial's history is one row of JSON arrays, one per
/// metric, indexed by epoch (<c>json_each</c> in SQLite and DuckDB, <c>json.loads</c> in pandas).
/// </summary>
/// <remarks>
/// Trials are keyed by content (configuration and seed), as their grains are: a trial that two sweeps share has one
/// row. <c>sweep_trials</c> is the view a user starts from: every trial of a sweep that has run, with its label.
/// </remarks>
public static class ResultsSchema
{
    // Migration 2's view, the same SQL for both engines; a later change to the view is a migration of its own. Migration 4
    // makes it again: PostgreSQL expands t.* when a view is made, so the view gains the columns migration 4 adds only so.
    private const string SweepTrialsWithSettings = """

        DROP VIEW sweep_trials;
        CREATE VIEW sweep_trials AS
            SELECT sc.sweep_id, sc.position AS configuration_position, sc.label, sc.settings, t.*
            FROM sweep_configurations sc
            JOIN trials t ON t.configuration_id = sc.configuration_id
            JOIN sweep_seeds ss ON ss.sweep_id = sc.sweep_id AND ss.seed = t.seed;
        """;

    /// <summary>
    /// The migrations in order, in SQLite. A store written before the schema existed (its sweeps in grain state only) is marked for
    /// import when the first one runs: see <see cref="LegacyImport"/>.
    /// </summary>
    public static IReadOnlyList<string> Sqlite { get; } =
    [
        """
        CREATE TABLE sweeps (
            sweep_id       TEXT PRIMARY KEY,
            name           TEXT NOT NULL,
            state          TEXT NOT NULL,   -- running | completed | failed | cancelled
            metric         TEXT NOT NULL,   -- the ranking metric
            baseline_id    TEXT,            -- the configuration the others are compared with
            configurations INTEGER NOT NULL,
            trials         INTEGER NOT NULL,
            created        TEXT NOT NULL,
            finished       TEXT,
            cancelled      TEXT,
            trace_id       TEXT
        );
        CREATE TABLE sweep_runs (           -- every start of a sweep: which file, with which text
            run            INTEGER PRIMARY KEY AUTOINCREMENT,
            sweep_id       TEXT NOT NULL REFERENCES sweeps (sweep_id),
            started        TEXT NOT NULL,
            file           TEXT NOT NULL,
            file_sha256    TEXT NOT NULL,   -- of the text below, UTF-8
            text           TEXT NOT NULL,
            seeds_override INTEGER,         -- --seeds
            epochs_override INTEGER         -- --epochs
        );
        CREATE TABLE configurations (
            configuration_id TEXT PRIMARY KEY,
            spec             TEXT NOT NULL  -- the canonical trial spec, JSON
        );
        CREATE TABLE sweep_configurations (
            sweep_id         TEXT NOT NULL REFERENCES sweeps (sweep_id),
            position         INTEGER NOT NULL,  -- grid order, from 0
            configuration_id TEXT NOT NULL REFERENCES configurations (configuration_id),
            label            TEXT NOT NULL,
            PRIMARY KEY (sweep_id, position),
            UNIQUE (sweep_id, configuration_id)
        );
        CREATE TABLE sweep_seeds (
            sweep_id TEXT NOT NULL REFERENCES sweeps (sweep_id),
            seed     INTEGER NOT NULL,
            PRIMARY KEY (sweep_id, seed)
        );
        CREATE TABLE trials (
            configuration_id TEXT NOT NULL,
            seed             INTEGER NOT NULL,
            state            TEXT NOT NULL,  -- pending | running | completed | diverged | failed
            silo             TEXT,           -- where the last attempt ran
            attempts         INTEGER NOT NULL,
            started          TEXT,
            finished         TEXT,
            error            TEXT,
            test_accuracy    REAL,
            train_accuracy   REAL,
            test_loss        REAL,
            train_loss       REAL,
            activation_mean  REAL,
            zero_fraction    REAL,
            seconds          REAL,
            backend          TEXT,           -- torch | fused
            PRIMARY KEY (configuration_id, seed)
        ) WITHOUT ROWID;
        CREATE TABLE trial_attempts (
            configuration_id TEXT NOT NULL,
            seed             INTEGER NOT NULL,
            number           INTEGER NOT NULL,
            silo             TEXT NOT NULL,
            started          TEXT NOT NULL,
            ended            TEXT,
            error            TEXT,
            PRIMARY KEY (configuration_id, seed, number)
        ) WITHOUT ROWID;
        CREATE TABLE histories (
            configuration_id TEXT NOT NULL,
            seed             INTEGER NOT NULL,
            loss             TEXT NOT NULL,  -- JSON arrays, one value per epoch (null where not finite)
            accuracy         TEXT NOT NULL,
            val_loss         TEXT NOT NULL,
            val_accuracy     TEXT NOT NULL,
            learning_rate    TEXT NOT NULL,
            PRIMARY KEY (configuration_id, seed)
        ) WITHOUT ROWID;
        CREATE TABLE penalties (
            configuration_id TEXT NOT NULL,
            seed             INTEGER NOT NULL,
            name             TEXT NOT NULL,  -- layers.0.activity, layers.2.kernel, ...
            value            REAL NOT NULL,
            PRIMARY KEY (configuration_id, seed, name)
        ) WITHOUT ROWID;
        CREATE VIEW sweep_trials AS
            SELECT sc.sweep_id, sc.position AS configuration_position, sc.label, t.*
            FROM sweep_configurations sc
            JOIN trials t ON t.configuration_id = sc.configuration_id
            JOIN sweep_seeds ss ON ss.sweep_id = sc.sweep_id AND ss.seed = t.seed;
        CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
        """
        ALTER TABLE sweep_configurations ADD COLUMN settings TEXT;  -- the grid values of the label, a JSON object
        """ + SweepTrialsWithSettings,
        """
        ALTER TABLE trial_attempts ADD COLUMN run INTEGER;  -- the sweep_runs row whose sweep handed the attempt out
        """,
        """
        ALTER TABLE trials ADD COLUMN val_accuracy REAL;  -- on the training rows set aside to validate; NULL without them
        ALTER TABLE trials ADD COLUMN val_loss REAL;
        ALTER TABLE sweeps ADD COLUMN race json;          -- a raced sweep's race settings; NULL for a grid
        """ + SweepTrialsWithSettings,
    ];

    /// <summary>
    /// The same schema in PostgreSQL, migration for migration: times are <c>timestamptz</c>, histories <c>jsonb</c>
    /// (<c>jsonb_array_elements</c> gives the long format), metrics <c>double precision</c>.
    /// </summary>
    public static IReadOnlyList<string> Postgres { get; } =
    [
        """
        CREATE TABLE sweeps (
            sweep_id       text PRIMARY KEY,
            name           text NOT NULL,
            state          text NOT NULL,
            metric         text NOT NULL,
            baseline_id    text,
            configurations integer NOT NULL,
            trials         integer NOT NULL,
            created        timestamptz NOT NULL,
            finished       timestamptz,
            cancelled      timestamptz,
            trace_id       text
        );
        CREATE TABLE sweep_runs (
            run            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            sweep_id       text NOT NULL REFERENCES sweeps (sweep_id),
            started        timestamptz NOT NULL,
            file           text NOT NULL,
            file_sha256    text NOT NULL,
            text           text NOT NULL,
            seeds_override integer,
            epochs_override integer
        );
        CREATE TABLE configurations (
            configuration_id text PRIMARY KEY,
            spec             text NOT NULL
        );
        CREATE TABLE sweep_configurations (
            sweep_id         text NOT NULL REFERENCES sweeps (sweep_id),
            position         integer NOT NULL,
            configuration_id text NOT NULL REFERENCES configurations (configuration_id),
            label            text NOT NULL,
            PRIMARY KEY (sweep_id, position),
            UNIQUE (sweep_id, configuration_id)
        );
        CREATE INDEX sweep_configurations_configuration ON sweep_configurations (configuration_id);
        CREATE TABLE sweep_seeds (
            sweep_id text NOT NULL REFERENCES sweeps (sweep_id),
            seed     integer NOT NULL,
            PRIMARY KEY (sweep_id, seed)
        );
        CREATE TABLE trials (
            configuration_id text NOT NULL,
            seed             integer NOT NULL,
            state            text NOT NULL,
            silo             text,
            attempts         integer NOT NULL,
            started          timestamptz,
            finished         timestamptz,
            error            text,
            test_accuracy    double precision,
            train_accuracy   double precision,
            test_loss        double precision,
            train_loss       double precision,
            activation_mean  double precision,
            zero_fraction    double precision,
            seconds          double precision,
            backend          text,
            PRIMARY KEY (configuration_id, seed)
        );
        CREATE TABLE trial_attempts (
            configuration_id text NOT NULL,
            seed             integer NOT NULL,
            number           integer NOT NULL,
            silo             text NOT NULL,
            started          timestamptz NOT NULL,
            ended            timestamptz,
            error            text,
            PRIMARY KEY (configuration_id, seed, number)
        );
        CREATE TABLE histories (
            configuration_id text NOT NULL,
            seed             integer NOT NULL,
            loss             jsonb NOT NULL,
            accuracy         jsonb NOT NULL,
            val_loss         jsonb NOT NULL,
            val_accuracy     jsonb NOT NULL,
            learning_rate    jsonb NOT NULL,
            PRIMARY KEY (configuration_id, seed)
        );
        CREATE TABLE penalties (
            configuration_id text NOT NULL,
            seed             integer NOT NULL,
            name             text NOT NULL,
            value            double precision NOT NULL,
            PRIMARY KEY (configuration_id, seed, name)
        );
        CREATE VIEW sweep_trials AS
            SELECT sc.sweep_id, sc.position AS configuration_position, sc.label, t.*
            FROM sweep_configurations sc
            JOIN trials t ON t.configuration_id = sc.configuration_id
            JOIN sweep_seeds ss ON ss.sweep_id = sc.sweep_id AND ss.seed = t.seed;
        CREATE TABLE store_meta (key text PRIMARY KEY, value text NOT NULL);
        """,
        """
        ALTER TABLE sweep_configurations ADD COLUMN settings json;  -- json, not jsonb: it keeps the grid's order
        """ + SweepTrialsWithSettings,
        """
        ALTER TABLE trial_attempts ADD COLUMN run bigint;
        """,
        """
        ALTER TABLE trials ADD COLUMN val_accuracy double precision;
        ALTER TABLE trials ADD COLUMN val_loss double precision;
        ALTER TABLE sweeps ADD COLUMN race json;
        """ + SweepTrialsWithSettings,
    ];

    /// <summary>The version a store has once every migration ran; the same for both engines.</summary>
    public static int Version => Sqlite.Count;

    /// <summary>The <c>store_meta</c> key of a store whose sweeps were stored before the schema: their rows are still to be written.</summary>
    public const string LegacyImport = "legacy_import";

    /// <summary>Brings the store on <paramref name="connection"/> to <see cref="Version"/>, one transaction per migration.</summary>
    /// <exception cref="InvalidOperationException">The store was written by a newer Sweep.</exception>
    public static async Task MigrateAsync(SqliteConnection connection, string location, CancellationToken cancellationToken = default)
    {
        var version = await VersionAsync(connection, cancellationToken);
        if (version == Version)
        {
            return;
        }

        if (version > Version)
        {
            throw new InvalidOperationException(
                $"the store {location} has schema version {version}, newer than this Sweep's {Version}; use the Sweep that wrote it, or another --store");
        }

        for (var i = version; i < Version; i++)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var legacy = i == 0 && await HasLegacySweepsAsync(connection, transaction, cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"""
                {Sqlite[i]}
                PRAGMA user_version = {i + 1};
                """;
            await command.ExecuteNonQueryAsync(cancellationToken);
            if (legacy)
            {
                command.CommandText = $"INSERT INTO store_meta (key, value) VALUES ('{LegacyImport}', 'pending');";
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    // Sweeps that an earlier Sweep kept only as grain state (the table of SqliteGrainStorage).
    private static async Task<bool> HasLegacySweepsAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'grain_state';";
        if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return false;
        }

        command.CommandText = "SELECT EXISTS (SELECT 1 FROM grain_state WHERE state_name = 'sweep');";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    /// <summary>The store's schema version: 0 for a new store or one written before the schema.</summary>
    public static async Task<int> VersionAsync(SqliteConnection connection, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
