using Sweep.Grains.Contracts;
using Sweep.Grains.Results;
using Sweep.Training.Engine;
using Sweep.Training.Specs;
using Sweep.Training.Sweeps;

namespace Sweep.Grains.Tests.Sweeps;

[Collection(SweepClusterFixture.Collection)]
public sealed class SweepGrainTests(SweepClusterFixture fixture)
{
    private const string SweepText = """
        name: cluster-test
        seeds: 3
        trial:
          dataset: {kind: circles, samples: 100, noise: 0.1, random_state: 1, train_rows: 30}
          layers:
            - {type: dense, units: 16, activation: relu}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 30
        grid:
          layers.0.activity_regularizer.kind: [none, l1]
          layers.0.activity_regularizer.placement: [before, after]
        """;

    [Fact]
    public async Task StartAsync_TwoSilos_RunsEveryTrialOnceWithDeterministicAggregates()
    {
        var plan = SweepFile.Parse(SweepText, "test.yaml", "test");
        var sweep = fixture.Cluster.GrainFactory.GetGrain<ISweepGrain>(plan.Id);

        var started = await sweep.StartAsync(new SweepRequest("test.yaml", SweepText, null, null, null));
        var status = await WaitForCompletionAsync(sweep, started);

        Assert.Equal(3, status.Configurations);
        Assert.Equal(9, status.Total);
        var failures = await sweep.GetReportAsync(null);
        Assert.Equal("", string.Join("\n", failures.Trials.Where(t => t.Error is not null).Select(t => t.Error)));
        Assert.Equal(9, status.Completed);
        Assert.Equal(0, status.Failed);
        Assert.All(plan.Configurations, c => Assert.All(Enumerable.Range(0, 3), seed => Assert.Equal(1, CountingTrainer.Calls[TrialKeys.For(c.Id, seed)])));

        var report = await sweep.GetReportAsync("test_accuracy");
        Assert.Equal(9, report.Trials.Length);
        Assert.All(report.Trials, t => Assert.StartsWith("S127.0.0.1", t.Silo, StringComparison.Ordinal));

        // Results are deterministic per seed, so a local run of each trial gives the cluster's numbers exactly.
        var trainer = new TorchTrainer();
        foreach (var aggregate in report.Ranking)
        {
            var spec = TrialSpecJson.Parse(aggregate.Configuration.SpecJson);
            var local = Enumerable.Range(0, 3).Select(seed => trainer.Train(spec, seed, null, default).TestAccuracy).ToArray();
            var expected = Aggregation.Summarize(local);
            Assert.Equal(expected, aggregate.Metrics["test_accuracy"]);
            Assert.Equal(3, aggregate.Completed);
        }

        var means = report.Ranking.Select(a => a.Metrics["test_accuracy"].Mean).ToArray();
        Assert.Equal(means.OrderDescending(), means);
    }

    [Fact]
    public async Task StartAsync_AnotherSweepSharingTrials_ReusesThemAndTrainsOnlyNewOnes()
    {
        var first = await RunAsync(Moons("[5, 6]"));
        var second = await RunAsync(Moons("[5, 6, 7]"));

        var configuration = first.Report.Ranking[0].Configuration.Id;
        Assert.Equal(configuration, second.Report.Ranking[0].Configuration.Id);
        Assert.NotEqual(first.Report.Status.SweepId, second.Report.Status.SweepId);
        Assert.Equal(3, second.Report.Status.Completed);
        Assert.Equal(1, CountingTrainer.Calls[TrialKeys.For(configuration, 5)]);
        Assert.Equal(1, CountingTrainer.Calls[TrialKeys.For(configuration, 6)]);
        Assert.Equal(1, CountingTrainer.Calls[TrialKeys.For(configuration, 7)]);
        Assert.Equal(first.Report.Trials[0].Metrics, second.Report.Trials[0].Metrics);
    }

    [Fact]
    public async Task StartAsync_AfterAFailedTrial_RetriesItAndCompletes()
    {
        var text = Moons("[1]").Replace("units: 4", $"units: {CountingTrainer.FailsOnFirstAttemptUnits}", StringComparison.Ordinal);
        var failed = await RunAsync(text);

        var retried = await RunAsync(text);

        Assert.Equal(1, failed.Report.Status.Failed);
        Assert.Equal("injected failure", failed.Report.Trials.Single().Error);
        Assert.Equal(SweepState.Completed, failed.Report.Status.State);
        Assert.Equal(0, retried.Report.Status.Failed);
        Assert.Equal(1, retried.Report.Status.Completed);
        Assert.Equal(TrialState.Completed, retried.Report.Trials.Single().State);
        Assert.Equal(2, CountingTrainer.Calls[TrialKeys.For(retried.Report.Ranking[0].Configuration.Id, 1)]);
    }

    [Fact]
    public async Task CancelAsync_WhileTrialsRun_StopsThemWithinAnEpochAndStartsNoOther()
    {
        const int Epochs = 200_000;
        var text = Moons("[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]")
            .Replace("units: 4", $"units: {CountingTrainer.SignallingUnits}", StringComparison.Ordinal)
            .Replace("epochs: 10", $"epochs: {Epochs}", StringComparison.Ordinal);
        var plan = SweepFile.Parse(text, "cancel.yaml", "cancel");
        var sweep = fixture.Cluster.GrainFactory.GetGrain<ISweepGrain>(plan.Id);
        await sweep.StartAsync(new SweepRequest("cancel.yaml", text, null, null, null));

        // Two silos with two slots each: four trials train, six wait.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        for (var i = 0; i < 4; i++)
        {
            await CountingTrainer.SignallingStarted.WaitAsync(timeout.Token);
        }

        var running = await sweep.GetStatusAsync();
        var cancelled = await sweep.CancelAsync();

        Assert.Equal(4, running.Running);
        Assert.Equal([2, 2], running.Silos.Select(s => s.Running));
        Assert.Equal(SweepState.Cancelled, cancelled.State);
        Assert.Equal((0, 0, 0), (cancelled.Done, cancelled.Running, CountingTrainer.SignallingRunning));
        var keys = plan.Configurations.SelectMany(c => plan.Definition.Seeds.Select(seed => TrialKeys.For(c.Id, seed))).ToArray();
        var trained = keys.Where(CountingTrainer.Calls.ContainsKey).ToArray();
        Assert.Equal(4, trained.Length);
        Assert.All(trained, key => Assert.InRange(CountingTrainer.LastEpoch[key], 1, Epochs - 1));
        Assert.Null(await sweep.LeaseAsync(fixture.Cluster.Primary!.SiloAddress));
        var board = await fixture.Cluster.GrainFactory.GetGrain<ISweepCatalogGrain>(0).WaitForWorkAsync(-1, TimeSpan.Zero);
        Assert.DoesNotContain(plan.Id, board.ActiveSweeps);
        Assert.Equal(SweepState.Cancelled, (await sweep.CancelAsync()).State);
    }

    [Fact]
    public async Task CancelAsync_CompletedSweep_ThrowsAndKeepsResults()
    {
        var run = await RunAsync(Moons("[21]"));
        var sweep = fixture.Cluster.GrainFactory.GetGrain<ISweepGrain>(run.Report.Status.SweepId);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(sweep.CancelAsync);

        Assert.Equal($"sweep {run.Report.Status.SweepId} has already completed (1 completed, 0 failed); there is nothing to cancel", error.Message);
        Assert.Equal(SweepState.Completed, (await sweep.GetStatusAsync()).State);
    }

    [Fact]
    public async Task GetStatusAsync_UnknownSweep_ThrowsWithItsId()
    {
        var sweep = fixture.Cluster.GrainFactory.GetGrain<ISweepGrain>("no-such-sweep");

        var error = await Assert.ThrowsAsync<KeyNotFoundException>(sweep.GetStatusAsync);

        Assert.Equal("no sweep with id 'no-such-sweep'", error.Message);
    }

    private static string Moons(string seeds) => $$"""
        name: moons-test
        seeds: {{seeds}}
        trial:
          dataset: {kind: moons, samples: 60, noise: 0.2, random_state: 3, train_rows: 20}
          layers:
            - {type: dense, units: 4, activation: tanh}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 10
        """;

    private async Task<(SweepStatus Started, SweepReport Report)> RunAsync(string text)
    {
        var plan = SweepFile.Parse(text, "moons.yaml", "moons");
        var sweep = fixture.Cluster.GrainFactory.GetGrain<ISweepGrain>(plan.Id);
        var started = await sweep.StartAsync(new SweepRequest("moons.yaml", text, null, null, null));
        await WaitForCompletionAsync(sweep, started);
        return (started, await sweep.GetReportAsync(null));
    }

    internal static async Task<SweepStatus> WaitForCompletionAsync(ISweepGrain sweep, SweepStatus status)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (!status.Ended)
        {
            timeout.Token.ThrowIfCancellationRequested();
            status = await sweep.WaitForProgressAsync(status.Done, TimeSpan.FromSeconds(5));
        }

        return status;
    }
}
