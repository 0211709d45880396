using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Sweep.Grains.Contracts;
using Sweep.Grains.Storage;
using Sweep.Grains.Tests.Support;
using Sweep.Grains.Tests.Telemetry;
using Sweep.Training.Engine;
using Sweep.Training.Sweeps;
using Sweep.Training.Torch;

namespace Sweep.Grains.Tests.Sweeps;

/// <summary>
/// A silo that stops cleanly (SIGTERM) cancels its running trials within an epoch and hands them back;
/// one that is killed leaves them leased until the cluster declares it dead, and then they are
/// pending again. Either way other silos train them and every trial completes once. Clusters of
/// their own with SQLite state, so that nothing stored lives only on the silo that leaves. In the
/// shared collection because they use <see cref="CountingTrainer"/>'s signals.
/// </summary>
[Collection(SweepClusterFixture.Collection)]
public sealed class SiloLossTests : IAsyncLifetime
{
    private const string DatabasePathKey = "SiloLossTests:DatabasePath";

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
        var plan = SweepPlan.Expand(SweepFile.Parse(text, "shutdown.yaml"));
        var sweep = cluster.GrainFactory.GetGrain<ISweepGrain>(plan.Id);
        CountingTrainer.ForgetSignals();
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

    [Fact]
    public async Task KillSilo_WhileItTrains_ItsTrialsRunElsewhereAndResultsEqualAnUndisturbedRun()
    {
        var text = $$"""
            name: kill-test
            seeds: [0, 1, 2, 3, 4, 5]
            trial:
              dataset: {kind: circles, samples: 80, noise: 0.1, random_state: 32, train_rows: 24}
              layers:
                - {type: dense, units: {{CountingTrainer.SignallingUnits}}, activation: relu}
                - {type: dense, units: 1, activation: sigmoid}
              epochs: 4000
            grid:
              layers.0.activity_regularizer.kind: [none, l1]
            """;
        var builder = new TestClusterBuilder(3);
        builder.Properties[DatabasePathKey] = Path.Combine(directory, "sweep.db");
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var plan = SweepPlan.Expand(SweepFile.Parse(text, "kill.yaml"));
        var sweep = cluster.GrainFactory.GetGrain<ISweepGrain>(plan.Id);
        using var spans = new SweepTracingTests.SpanRecorder(plan.Id);
        CountingTrainer.ForgetSignals();
        await sweep.StartAsync(new SweepRequest("kill.yaml", text, null, null, null));

        // Three silos with two slots each: once six trials train, kill a silo that holds two of them.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        for (var i = 0; i < 6; i++)
        {
            await CountingTrainer.SignallingStarted.WaitAsync(timeout.Token);
        }

        // The victim's trials stop dead first, as in a crashed process, so that they cannot hand themselves back.
        var victim = cluster.SecondarySilos[0];
        var before = await sweep.GetStatusAsync();
        var lost = before.Silos.Single(s => s.Silo == victim.SiloAddress.ToString()).Running;
        SweepReport report;
        SweepStatus status;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            CountingTrainer.Freeze(victim.SiloAddress);
            for (var i = 0; i < lost; i++)
            {
                await CountingTrainer.Froze.WaitAsync(timeout.Token);
            }

            await cluster.KillSiloAsync(victim);
            status = await SweepGrainTests.WaitForCompletionAsync(sweep, before);
            report = await sweep.GetReportAsync(null);
        }
        finally
        {
            CountingTrainer.Thaw();
        }

        Assert.Equal(2, lost);
        Assert.Equal((12, 12, 0), (status.Total, status.Completed, status.Failed));
        Assert.Equal(12, report.Trials.Select(t => t.TrialKey).Distinct().Count());
        Assert.DoesNotContain(report.Trials, t => t.Silo == victim.SiloAddress.ToString() && t.Finished > DateTimeOffset.UtcNow - clock.Elapsed);

        // The trials trained again are still in the sweep's one trace, as attempt 2, under the sweep's span. The killed
        // silo's attempts end only here, when the test thaws its threads; in a real crash they are lost with it.
        var root = Assert.Single(spans.Stopped, s => s.OperationName == "sweep");
        var trialSpans = spans.Stopped.Where(s => s.OperationName == "trial" && !Equals(s.GetTagItem("trial.silo"), victim.SiloAddress.ToString())).ToArray();
        Assert.Equal(12, trialSpans.Length);
        Assert.All(trialSpans, s => Assert.Equal((root.TraceId, root.SpanId), (s.TraceId, s.ParentSpanId)));
        var again = trialSpans.Where(s => (int)s.GetTagItem("trial.attempt")! == 2).ToArray();
        Assert.Equal(2, again.Length);
        Assert.All(again, s => Assert.NotEqual(victim.SiloAddress.ToString(), s.GetTagItem("trial.silo")));
        Assert.Equal(
            report.Trials.Where(t => t.AttemptLog.Length == 2).Select(t => t.TrialKey).Order(),
            again.Select(s => (string)s.GetTagItem("trial.key")!).Order());

        // Every trial's numbers are those of an undisturbed run: each configuration's aggregate equals a local rerun.
        var trainer = new TorchTrainer();
        foreach (var aggregate in report.Ranking)
        {
            var spec = Training.Specs.TrialSpecJson.Parse(aggregate.Configuration.SpecJson);
            var local = plan.Definition.Seeds.Select(seed => trainer.Train(spec, seed, null, default).TestAccuracy).ToArray();
            Assert.Equal(Sweep.Grains.Results.Aggregation.Summarize(local), aggregate.Metrics["test_accuracy"]);
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddSqliteGrainStorage(StorageNames.Sweeps, options => options.DatabasePath = siloBuilder.Configuration[DatabasePathKey]!);
            siloBuilder.AddSqliteResultsStore(siloBuilder.Configuration[DatabasePathKey]!);
            siloBuilder.AddSweep(options => options.MaxConcurrentTrials = 2);
            siloBuilder.Services.AddSingleton<ITrialTrainer>(services => new CountingTrainer(new TorchTrainer(), services.GetRequiredService<ILocalSiloDetails>().SiloAddress));
        }
    }
}
