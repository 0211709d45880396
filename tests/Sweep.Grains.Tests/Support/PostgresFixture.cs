namespace Sweep.Grains.Tests.Support;

/// <summary>
/// One PostgreSQL server shared by the tests of a class (<c>IClassFixture</c>) or of a collection
/// (<c>ICollectionFixture</c>); each test takes a fresh database of its own with <see cref="PostgresServer.CreateDatabaseAsync"/>.
/// Tests that kill or stop the server start their own instead.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? server;

    /// <summary>Gets the shared server; tests call <see cref="PostgresServer.SkipUnlessInstalled"/> before they use it.</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL is not installed, so no server was started.</exception>
    public PostgresServer Server => server ?? throw new InvalidOperationException(
        $"No PostgreSQL server was started because none is installed; call {nameof(PostgresServer)}.{nameof(PostgresServer.SkipUnlessInstalled)}() first.");

    public async Task InitializeAsync()
    {
        // Where PostgreSQL is missing the tests skip (or fail, if it is required) with the reason in SkipUnlessInstalled.
        if (PostgresServer.Installed)
        {
            server = await PostgresServer.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
