using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Sweep.Grains.Contracts;
using Sweep.Grains.Tests.Support;
using Sweep.Training.Engine;
using Sweep.Training.Sweeps;
using Sweep.Training.Torch;

namespace Sweep.Grains.Tests.Sweeps;

/// <summary>
/// Silos pull trials when a slot frees: a silo that joins mid-sweep takes trials at once, and one
/// with more slots takes more. A cluster of its own: one silo with one slot, then a second with three.
/// </summary>
public sealed class BalancingTests
{
    private const string SweepText = """
        name: balancing-test
        seeds: 16
        trial:
          dataset: {kind: circles, samples: 100, noise: 0.1, random_state: 11, train_rows: 30}
          layers:
            - {type: dense, units: 32, activation: relu}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 600
        grid:
          layers.0.activity_regularizer.kind: [none, l2]
        """;

    [Fact]
    public async Task StartAsync_SiloJoinsMidSweep_TakesTrialsAndMoreSlotsTakeMore()
    {
        await using var cluster = new TestClusterBuilder(1).WithResults().AddSiloBuilderConfigurator<SlotsBySilo>().Build();
        await cluster.DeployAsync();
        var plan = SweepPlan.Expand(SweepFile.Parse(SweepText, "balancing.yaml"));
        var sweep = cluster.GrainFactory.GetGrain<ISweepGrain>(plan.Id);
        var status = await sweep.StartAsync(new SweepRequest("balancing.yaml", SweepText, null, null, null));
        // Progress wakes the waiter when a trial is handed out too: wait for the first trial to finish.
        var deadline = DateTimeOffset.UtcNow.AddMinutes(1);
        while (status.Done == 0 && DateTimeOffset.UtcNow < deadline)
        {
            status = await sweep.WaitForProgressAsync(status.Done, TimeSpan.FromMinutes(1));
        }

        Assert.Equal(1, status.Done);

        var joined = await cluster.StartAdditionalSiloAsync();
        var joinedAt = DateTimeOffset.UtcNow;
        status = await SweepGrainTests.WaitForCompletionAsync(sweep, status);
        var report = await sweep.GetReportAsync(null);

        Assert.Equal((32, 32), (status.Total, status.Completed));
        var first = cluster.Primary!.SiloAddress.ToString();
        var second = joined.SiloAddress.ToString();
        Assert.Equal([first, second], status.Silos.Select(s => s.Silo).Order(StringComparer.Ordinal));
        Assert.All(report.Trials, t => Assert.Contains(t.Silo, new[] { first, second }));
        Assert.Equal(1, MostAtOnce(report.Trials.Where(t => t.Silo == first)));
        Assert.InRange(MostAtOnce(report.Trials.Where(t => t.Silo == second)), 1, 3);

        // After the join the second silo has three slots to the first one's one, so it starts about three times as many trials.
        var startedAfterJoin = report.Trials.Where(t => t.Started > joinedAt).CountBy(t => t.Silo).ToDictionary();
        Assert.True(
            startedAfterJoin.GetValueOrDefault(second) >= 2 * startedAfterJoin.GetValueOrDefault(first),
            $"after the join: {startedAfterJoin.GetValueOrDefault(first)} trials on the 1-slot silo, {startedAfterJoin.GetValueOrDefault(second)} on the 3-slot silo");
    }

    /// <summary>The largest number of trials whose slot times overlap.</summary>
    internal static int MostAtOnce(IEnumerable<TrialOutcome> trials)
    {
        var events = trials
            .SelectMany(t => new[] { (Time: t.Started, Change: 1), (Time: t.Finished, Change: -1) })
            .OrderBy(e => e.Time)
            .ThenBy(e => e.Change);
        int now = 0, most = 0;
        foreach (var (_, change) in events)
        {
            now += change;
            most = Math.Max(most, now);
        }

        return most;
    }

    /// <summary>The first silo configured gets one slot, every later one three.</summary>
    private sealed class SlotsBySilo : ISiloConfigurator
    {
        private static int configured;

        public void Configure(ISiloBuilder siloBuilder)
        {
            var slots = Interlocked.Increment(ref configured) == 1 ? 1 : 3;
            siloBuilder.AddMemoryGrainStorage(StorageNames.Sweeps);
            siloBuilder.AddTestResults();
            siloBuilder.AddSweep(options => options.MaxConcurrentTrials = slots);
            siloBuilder.Services.AddSingleton<ITrialTrainer>(new TorchTrainer());
        }
    }
}
