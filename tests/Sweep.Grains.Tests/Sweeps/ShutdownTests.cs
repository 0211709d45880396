using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Sweep.Grains.Contracts;
using Sweep.Grains.Storage;
using Sweep.Training.Engine;
using Sweep.Training.Sweeps;

namespace Sweep.Grains.Tests.Sweeps;

/// <summary>
/// A silo that stops cleanly (SIGTERM) cancels its running trials within an epoch and hands them back;
/// another silo trains them. A cluster of its own with SQLite state, so that nothing stored lives only
/// on the silo that stops. In the shared collection because it uses <see cref="CountingTrainer"/>'s signals.
/// </summary>
[Collection(SweepClusterFixture.Collection)]
public sealed class ShutdownTests : IAsyncLifetime
{
    private const string DatabasePathKey = "ShutdownTests:DatabasePath";

    private readonly string directory = Path.Combine(Path.GetTempPath(), "sweep-shutdown-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task StopSilo_WhileItTrains_HandsItsTrialsBackAndEveryTrialCompletesOnce()
    {
        var text = $$"""
            name: shutdown-test
            seeds: [0, 1, 2, 3, 4, 5]
            trial:
              dataset: {kind: moons, samples: 60, noise: 0.2, random_state: 31, train_rows: 20}
              layers:
                - {type: dense, units: {{CountingTrainer.SignallingUnits}}, activation: tanh}
                - {type: dense, units: 1, activation: sigmoid}
              epochs: 6000
            """;
        var builder = new TestClusterBuilder(2);
        builder.Properties[DatabasePathKey] = Path.Combine(directory, "sweep.db");
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var plan = SweepFile.Parse(text, "shutdown.yaml", "shutdown");
        var sweep = cluster.GrainFactory.GetGrain<ISweepGrain>(plan.Id);
        var status = await sweep.StartAsync(new SweepRequest("shutdown.yaml", text, null, null, null));

        // Two silos with two slots each: wait until four trials train, then stop the second silo.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        for (var i = 0; i < 4; i++)
        {
            await CountingTrainer.SignallingStarted.WaitAsync(timeout.Token);
        }

        var leaving = cluster.SecondarySilos[0];
        var before = await sweep.GetStatusAsync();
        var handedBack = before.Silos.Single(s => s.Silo == leaving.SiloAddress.ToString()).Running;
        await cluster.StopSiloAsync(leaving);
        status = await SweepGrainTests.WaitForCompletionAsync(sweep, before);
        var report = await sweep.GetReportAsync(null);

        Assert.Equal(2, handedBack);
        Assert.Equal((6, 6), (status.Total, status.Completed));
        Assert.Equal(6, report.Trials.Select(t => t.TrialKey).Distinct().Count());
        var keys = report.Trials.Select(t => t.TrialKey).ToArray();
        Assert.Equal(handedBack, keys.Count(key => CountingTrainer.Calls[key] == 2));
        Assert.Equal(6 - handedBack, keys.Count(key => CountingTrainer.Calls[key] == 1));
        Assert.All(report.Trials.Where(t => CountingTrainer.Calls[t.TrialKey] == 2), t => Assert.Equal(cluster.Primary!.SiloAddress.ToString(), t.Silo));

        // A handed-back trial starts again from its seed, so its result is the one an undisturbed run gives.
        var trainer = new TorchTrainer();
        var again = report.Trials.First(t => CountingTrainer.Calls[t.TrialKey] == 2);
        var spec = Training.Specs.TrialSpecJson.Parse(plan.Configurations.Single().SpecJson);
        Assert.Equal(trainer.Train(spec, again.Seed, null, default).TestAccuracy, again.Metrics!.TestAccuracy);
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddSqliteGrainStorage(StorageNames.Sweeps, options => options.DatabasePath = siloBuilder.Configuration[DatabasePathKey]!);
            siloBuilder.AddSweep(options => options.MaxConcurrentTrials = 2);
            siloBuilder.Services.AddSingleton<ITrialTrainer>(new CountingTrainer(new TorchTrainer()));
        }
    }
}
