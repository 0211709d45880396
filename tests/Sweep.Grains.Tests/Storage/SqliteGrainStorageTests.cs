using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;
using Sweep.Grains.Storage;

namespace Sweep.Grains.Tests.Storage;

public sealed class SqliteGrainStorageTests : IAsyncLifetime
{
    private const string DatabasePathKey = "SqliteGrainStorageTests:DatabasePath";

    private readonly string _directory =
        Path.Combine(Path.GetTempPath(), "sweep-sqlite-storage-" + Guid.NewGuid().ToString("N"));

    private readonly List<TestCluster> _clusters = [];

    // A subdirectory that does not exist yet, so every test also covers "create the directory on first use".
    private string DatabasePath => Path.Combine(_directory, "state", "grains.db");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var cluster in _clusters.ToArray())
        {
            await StopClusterAsync(cluster);
        }

        // Pooled connections, the tests' own included, would otherwise keep the file open.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task ReadState_NoStoredRow_StartsEmptyWithoutRecord()
    {
        var cluster = await StartClusterAsync();
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>("fresh");

        Assert.Equal(0, await grain.Get());
        Assert.False(await grain.HasRecord());
        Assert.Equal(0, await CountRowsAsync());
    }

    [Fact]
    public async Task WriteState_FirstUse_CreatesWalDatabaseWithOrleansEncodedRow()
    {
        var cluster = await StartClusterAsync();
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>("first");

        await grain.Add(7);

        Assert.True(File.Exists(DatabasePath));
        // A second, independent connection reads the file while the silo still holds its own open.
        await using var connection = await OpenReadOnlyAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode;";
            Assert.Equal("wal", await pragma.ExecuteScalarAsync() as string);
        }

        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT grain_id, etag, payload FROM grain_state WHERE state_name = $state;";
        select.Parameters.AddWithValue("$state", CounterGrain.StateName);
        await using var reader = await select.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(grain.GetGrainId().ToString(), reader.GetString(0));
        Assert.False(string.IsNullOrEmpty(reader.GetString(1)));
        var orleansSerializer = new OrleansGrainStorageSerializer(SiloServices(cluster).GetRequiredService<Serializer>());
        var stored = orleansSerializer.Deserialize<CounterGrain.CounterState>(
            new BinaryData(reader.GetFieldValue<byte[]>(2)));
        Assert.NotNull(stored);
        Assert.Equal(7, stored.Value);
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task ReadState_AfterDeactivation_NewActivationSeesWrittenValue()
    {
        var cluster = await StartClusterAsync();
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>("deactivated");
        await grain.Add(5);
        await grain.Add(2);
        var firstActivation = await grain.GetActivationId();

        await grain.Deactivate();

        Assert.NotEqual(firstActivation, await grain.GetActivationId());
        Assert.Equal(7, await grain.Get());
        Assert.True(await grain.HasRecord());
    }

    [Fact]
    public async Task ReadState_AfterFullClusterRestart_ReturnsValueWrittenBeforeStop()
    {
        var before = await StartClusterAsync();
        await before.GrainFactory.GetGrain<ICounterGrain>("survivor").Add(42);
        await before.GrainFactory.GetGrain<ICounterGrain>("neighbour").Add(1);
        await StopClusterAsync(before);

        var after = await StartClusterAsync();
        var survivor = after.GrainFactory.GetGrain<ICounterGrain>("survivor");

        Assert.Equal(42, await survivor.Get());
        Assert.True(await survivor.HasRecord());
        // The ETag read back from disk must be accepted by the next write.
        Assert.Equal(43, await survivor.Add(1));
        Assert.Equal(1, await after.GrainFactory.GetGrain<ICounterGrain>("neighbour").Get());
    }

    [Fact]
    public async Task WriteState_ManyGrainsConcurrently_EveryWriteLands()
    {
        var cluster = await StartClusterAsync();
        var grains = Enumerable.Range(0, 40)
            .Select(i => cluster.GrainFactory.GetGrain<ICounterGrain>($"parallel-{i}"))
            .ToArray();

        for (var round = 0; round < 5; round++)
        {
            await Task.WhenAll(grains.Select(grain => grain.Add(1)));
        }

        Assert.Equal(grains.Length, await CountRowsAsync());
        foreach (var grain in grains)
        {
            await grain.Deactivate();
        }

        Assert.All(await Task.WhenAll(grains.Select(grain => grain.Get())), value => Assert.Equal(5, value));
    }

    [Fact]
    public async Task WriteState_StaleETag_ThrowsInconsistentStateExceptionAndKeepsStoredValue()
    {
        var storage = GetStorage(await StartClusterAsync());
        var grainId = GrainId.Create("counter", "stale-write");
        var current = NewState(1);
        await storage.WriteStateAsync(CounterGrain.StateName, grainId, current);
        var stale = NewState(0);
        await storage.ReadStateAsync(CounterGrain.StateName, grainId, stale);
        ValueOf(current).Value = 2;
        await storage.WriteStateAsync(CounterGrain.StateName, grainId, current);

        ValueOf(stale).Value = 99;
        var error = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(CounterGrain.StateName, grainId, stale));

        Assert.Equal(current.ETag, error.StoredEtag);
        Assert.NotEqual(current.ETag, error.CurrentEtag);
        var reread = NewState(0);
        await storage.ReadStateAsync(CounterGrain.StateName, grainId, reread);
        Assert.Equal(2, ValueOf(reread).Value);
        Assert.Equal(current.ETag, reread.ETag);
    }

    [Fact]
    public async Task WriteState_NoETagWhileRowExists_ThrowsInconsistentStateException()
    {
        var storage = GetStorage(await StartClusterAsync());
        var grainId = GrainId.Create("counter", "blind-write");
        await storage.WriteStateAsync(CounterGrain.StateName, grainId, NewState(1));

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(CounterGrain.StateName, grainId, NewState(2)));
    }

    [Fact]
    public async Task WriteState_SameGrainDifferentStateNames_KeepsSeparateRows()
    {
        var storage = GetStorage(await StartClusterAsync());
        var grainId = GrainId.Create("counter", "two-states");
        await storage.WriteStateAsync("first", grainId, NewState(1));
        await storage.WriteStateAsync("second", grainId, NewState(2));

        var first = NewState(0);
        await storage.ReadStateAsync("first", grainId, first);

        Assert.Equal(1, ValueOf(first).Value);
        Assert.True(first.RecordExists);
    }

    [Fact]
    public async Task ClearState_ThroughGrain_DeletesRowAndResetsState()
    {
        var cluster = await StartClusterAsync();
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>("cleared");
        await grain.Add(3);
        Assert.Equal(1, await CountRowsAsync());

        await grain.Clear();

        Assert.Equal(0, await CountRowsAsync());
        Assert.False(await grain.HasRecord());
        Assert.Equal(0, await grain.Get());
        await grain.Deactivate();
        Assert.Equal(0, await grain.Get());
        Assert.False(await grain.HasRecord());
    }

    [Fact]
    public async Task ClearState_StaleETag_ThrowsInconsistentStateExceptionAndKeepsRow()
    {
        var storage = GetStorage(await StartClusterAsync());
        var grainId = GrainId.Create("counter", "stale-clear");
        var current = NewState(1);
        await storage.WriteStateAsync(CounterGrain.StateName, grainId, current);
        var stale = NewState(0);
        await storage.ReadStateAsync(CounterGrain.StateName, grainId, stale);
        await storage.WriteStateAsync(CounterGrain.StateName, grainId, current);

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.ClearStateAsync(CounterGrain.StateName, grainId, stale));

        Assert.Equal(1, await CountRowsAsync());
    }

    [Fact]
    public async Task ClearState_NoStoredRow_Succeeds()
    {
        var storage = GetStorage(await StartClusterAsync());
        var state = NewState(5);

        await storage.ClearStateAsync(CounterGrain.StateName, GrainId.Create("counter", "never-written"), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, ValueOf(state).Value);
    }

    [Fact]
    public async Task HostStart_EmptyDatabasePath_FailsNamingTheSetting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering()
            .AddSqliteGrainStorage("misconfigured", options => options.DatabasePath = " "));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(nameof(SqliteGrainStorageOptions.DatabasePath), error.Message, StringComparison.Ordinal);
        Assert.Contains("misconfigured", error.Message, StringComparison.Ordinal);
    }

    private static GrainState<CounterGrain.CounterState> NewState(int value) =>
        new(new CounterGrain.CounterState { Value = value });

    private static CounterGrain.CounterState ValueOf(GrainState<CounterGrain.CounterState> state)
    {
        Assert.NotNull(state.State);
        return state.State;
    }

    private static IServiceProvider SiloServices(TestCluster cluster)
    {
        Assert.NotNull(cluster.Primary);
        return cluster.GetSiloServiceProvider(cluster.Primary.SiloAddress);
    }

    private static IGrainStorage GetStorage(TestCluster cluster) =>
        SiloServices(cluster).GetRequiredKeyedService<IGrainStorage>(CounterGrain.StorageName);

    private async Task<TestCluster> StartClusterAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.Properties[DatabasePathKey] = DatabasePath;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        var cluster = builder.Build();
        _clusters.Add(cluster);
        await cluster.DeployAsync();
        return cluster;
    }

    private async Task StopClusterAsync(TestCluster cluster)
    {
        _clusters.Remove(cluster);
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }

    private async Task<SqliteConnection> OpenReadOnlyAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadOnly,
        }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    private async Task<long> CountRowsAsync()
    {
        if (!File.Exists(DatabasePath))
        {
            return 0;
        }

        await using var connection = await OpenReadOnlyAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM grain_state;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.AddSqliteGrainStorage(
                CounterGrain.StorageName,
                options => options.DatabasePath = siloBuilder.Configuration[DatabasePathKey]
                    ?? throw new InvalidOperationException($"The test cluster did not pass {DatabasePathKey}."));
    }
}
