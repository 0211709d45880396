using System.Net.Sockets;
using Npgsql;

namespace Sweep.Grains.Tests.Support;

public sealed class PostgresServerTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [SkippableFact]
    public async Task StartAsync_FreshServer_AnswersAsSweepInUtf8WithTheBinariesVersion()
    {
        PostgresServer.SkipUnlessInstalled();
        await using var connection = new NpgsqlConnection(fixture.Server.ConnectionString);
        await connection.OpenAsync();
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT version(), current_setting('server_version_num')::int, current_user, current_database(), "
            + "pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()";
        await using var reader = await query.ExecuteReaderAsync();

        Assert.True(await reader.ReadAsync());
        Assert.StartsWith($"PostgreSQL {fixture.Server.MajorVersion}.", reader.GetString(0), StringComparison.Ordinal);
        Assert.Equal(fixture.Server.MajorVersion, reader.GetInt32(1) / 10_000);
        Assert.Equal("sweep", reader.GetString(2));
        Assert.Equal("postgres", reader.GetString(3));
        Assert.Equal("UTF8", reader.GetString(4));
    }

    [SkippableFact]
    public async Task CreateDatabaseAsync_Twice_GivesSeparateDatabases()
    {
        PostgresServer.SkipUnlessInstalled();
        var first = await fixture.Server.CreateDatabaseAsync();
        var second = await fixture.Server.CreateDatabaseAsync();

        await ExecuteAsync(first, "CREATE TABLE trial (id int PRIMARY KEY)");

        Assert.NotEqual(await ScalarAsync(first, "SELECT current_database()"), await ScalarAsync(second, "SELECT current_database()"));
        Assert.Equal("trial", await ScalarAsync(first, "SELECT to_regclass('trial')::text"));
        Assert.Equal(DBNull.Value, await ScalarAsync(second, "SELECT to_regclass('trial')::text"));
    }

    [SkippableFact]
    public async Task CreateDatabaseAsync_WithName_ConnectsToThatDatabase()
    {
        PostgresServer.SkipUnlessInstalled();
        var name = $"named \"{Guid.NewGuid():N}\"";

        var connectionString = await fixture.Server.CreateDatabaseAsync(name);

        Assert.Equal(name, await ScalarAsync(connectionString, "SELECT current_database()"));
    }

    [SkippableFact]
    public async Task StartAgainAsync_WhileRunning_ThrowsRunningAlready()
    {
        PostgresServer.SkipUnlessInstalled();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Server.StartAgainAsync());

        Assert.Equal("PostgreSQL is running already.", error.Message);
        Assert.Equal(1, await ScalarAsync(fixture.Server.ConnectionString, "SELECT 1"));
    }

    [SkippableFact]
    public async Task Kill_ThenStartAgain_RefusesConnectionsThenRecoversCommittedRows()
    {
        PostgresServer.SkipUnlessInstalled();
        await using var server = await PostgresServer.StartAsync();
        // Unpooled: a connection pooled before the kill would fail once more after the restart.
        var database = Unpooled(await server.CreateDatabaseAsync());
        await ExecuteAsync(database, "CREATE TABLE trial (id int PRIMARY KEY, loss double precision); INSERT INTO trial VALUES (7, 0.25)");

        server.Kill();

        var refused = await Assert.ThrowsAsync<NpgsqlException>(() => ScalarAsync(database, "SELECT 1"));
        Assert.Equal(SocketError.ConnectionRefused, Assert.IsType<SocketException>(refused.InnerException).SocketErrorCode);

        await server.StartAgainAsync();

        Assert.Equal(0.25, await ScalarAsync(database, "SELECT loss FROM trial WHERE id = 7"));
        Assert.Contains("database system was interrupted", server.Log, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task StopAsync_ThenStartAgain_ServesTheSameDataOnTheSamePort()
    {
        PostgresServer.SkipUnlessInstalled();
        await using var server = await PostgresServer.StartAsync();
        var database = Unpooled(await server.CreateDatabaseAsync());
        await ExecuteAsync(database, "CREATE TABLE trial (id int PRIMARY KEY); INSERT INTO trial VALUES (3)");
        var port = server.Port;

        await server.StopAsync();
        await Assert.ThrowsAsync<NpgsqlException>(() => ScalarAsync(database, "SELECT 1"));
        await server.StartAgainAsync();

        Assert.Equal(port, server.Port);
        Assert.Equal(3, await ScalarAsync(database, "SELECT id FROM trial"));
        Assert.DoesNotContain("database system was interrupted", server.Log, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Kill_Twice_ThrowsNotRunning()
    {
        PostgresServer.SkipUnlessInstalled();
        await using var server = await PostgresServer.StartAsync();
        server.Kill();

        var error = Assert.Throws<InvalidOperationException>(server.Kill);

        Assert.Equal("PostgreSQL is not running.", error.Message);
    }

    [SkippableFact]
    public async Task DisposeAsync_RunningServer_StopsItAndDeletesItsFolder()
    {
        PostgresServer.SkipUnlessInstalled();
        var server = await PostgresServer.StartAsync();
        var connectionString = Unpooled(server.ConnectionString);
        Assert.True(Directory.Exists(Path.Combine(server.Folder, "data")));

        await server.DisposeAsync();

        Assert.False(Directory.Exists(server.Folder));
        await Assert.ThrowsAsync<NpgsqlException>(() => ScalarAsync(connectionString, "SELECT 1"));
    }

    private static string Unpooled(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
