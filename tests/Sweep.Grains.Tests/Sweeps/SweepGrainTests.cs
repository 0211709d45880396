using Sweep.Grains.Contracts;
using Sweep.Grains.Results;
using Sweep.Training.Engine;
using Sweep.Training.Specs;
using Sweep.Training.Sweeps;

namespace Sweep.Grains.Tests.Sweeps;

public sealed class SweepGrainTests(SweepClusterFixture fixture) : IClassFixture<SweepClusterFixture>
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
        var plan = SweepPlan.Create(SweepFile.Parse(SweepText, "test.yaml", "test"));
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
        Assert.Equal(2, report.Trials.Select(t => t.Silo).Distinct().Count());

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
    public async Task StartAsync_SameSweepAgain_ReusesCompletedTrials()
    {
        const string text = """
            name: reuse-test
            seeds: [5, 6]
            trial:
              dataset: {kind: moons, samples: 60, noise: 0.2, random_state: 3, train_rows: 20}
              layers:
                - {type: dense, units: 4, activation: tanh}
                - {type: dense, units: 1, activation: sigmoid}
              epochs: 10
            """;
        var plan = SweepPlan.Create(SweepFile.Parse(text, "reuse.yaml", "reuse"));
        var sweep = fixture.Cluster.GrainFactory.GetGrain<ISweepGrain>(plan.Id);
        var first = await WaitForCompletionAsync(sweep, await sweep.StartAsync(new SweepRequest("reuse.yaml", text, null, null, null)));

        var again = await sweep.StartAsync(new SweepRequest("reuse.yaml", text, null, null, null));

        Assert.Equal(SweepState.Completed, first.State);
        Assert.Equal(SweepState.Completed, again.State);
        Assert.Equal(1, CountingTrainer.Calls[TrialKeys.For(plan.Configurations[0].Id, 5)]);
        Assert.Equal(1, CountingTrainer.Calls[TrialKeys.For(plan.Configurations[0].Id, 6)]);
    }

    [Fact]
    public async Task GetStatusAsync_UnknownSweep_ThrowsWithItsId()
    {
        var sweep = fixture.Cluster.GrainFactory.GetGrain<ISweepGrain>("no-such-sweep");

        var error = await Assert.ThrowsAsync<KeyNotFoundException>(sweep.GetStatusAsync);

        Assert.Equal("no sweep with id 'no-such-sweep'", error.Message);
    }

    internal static async Task<SweepStatus> WaitForCompletionAsync(ISweepGrain sweep, SweepStatus status)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (status.State != SweepState.Completed)
        {
            timeout.Token.ThrowIfCancellationRequested();
            status = await sweep.WaitForProgressAsync(status.Done, TimeSpan.FromSeconds(5));
        }

        return status;
    }
}
