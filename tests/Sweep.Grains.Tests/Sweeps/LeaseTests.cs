using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Sweep.Grains.Contracts;
using Sweep.Grains.Execution;
using Sweep.Grains.Sweeps;
using Sweep.Grains.Tests.Support;
using Sweep.Training.Engine;
using Sweep.Training.Sweeps;
using Sweep.Training.Torch;

namespace Sweep.Grains.Tests.Sweeps;

/// <summary>
/// Leases that outlive their runs, on a silo that pulls no trials of its own: the test takes the leases, as a silo
/// whose call was lost (or whose trial ran elsewhere) would have.
/// </summary>
public sealed class LeaseTests : IAsyncLifetime
{
    private const string SweepText = """
        name: lease-test
        seeds: 2
        trial:
          dataset: {kind: circles, samples: 60, noise: 0.1, random_state: 12, train_rows: 20}
          layers:
            - {type: dense, units: 4, activation: relu}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 1000000
        """;

    private readonly TestCluster cluster = new TestClusterBuilder(1).WithResults().AddSiloBuilderConfigurator<NoPulling>().Build();

    public Task InitializeAsync() => cluster.DeployAsync();

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task LeaseAsync_LeaseWhoseTrialNeverStarted_IsPendingAgainAfterTheProbePeriodWhileATrainingOneStaysLeased()
    {
        var (sweep, silo) = await StartAsync();
        var training = (await sweep.LeaseAsync(silo))!;
        var lost = (await sweep.LeaseAsync(silo))!;
        Assert.Null(await sweep.LeaseAsync(silo));

        // The first trains (for minutes) in a slot held for it, as a puller would; the start of the second never came.
        var executor = ((InProcessSiloHandle)cluster.Primary!).SiloHost.Services.GetRequiredService<TrialExecutor>();
        var offer = executor.HandOff.Offer(Key(training), await executor.ReserveAsync(CancellationToken.None));
        await cluster.GrainFactory.GetGrain<ITrialGrain>(Key(training)).StartAsync(training);
        offer.Dispose();

        // Nobody trains the second and its silo lives: only asking the trial grains shows that its lease is stale.
        var again = await LeaseWithinAsync(sweep, silo, TrialLeases.ProbePeriod * 3);

        // The first has been asked too by now (both were handed out together), and it stays handed out.
        var afterProbes = await sweep.LeaseAsync(silo);
        var status = await sweep.CancelAsync();

        Assert.Equal(Key(lost), Key(again));
        Assert.Null(afterProbes);
        Assert.Equal(0, status.Done);
    }

    [Fact]
    public async Task StartAsync_NoSlotHeldOnItsSilo_DoesNotTrainThereAndGoesBackToItsSweep()
    {
        var (sweep, silo) = await StartAsync();
        var assignment = (await sweep.LeaseAsync(silo))!;
        var trial = cluster.GrainFactory.GetGrain<ITrialGrain>(Key(assignment));

        // No puller reserved a slot for it, as when a query left its activation on a silo other than the one that leased it.
        await trial.StartAsync(assignment);
        var probe = await trial.ProbeAsync();
        var again = await LeaseWithinAsync(sweep, silo, TimeSpan.FromSeconds(10));

        Assert.False(probe.Running);
        Assert.Null(probe.Outcome);
        Assert.Equal(Key(assignment), Key(again));
    }

    [Fact]
    public async Task StartAsync_ArrivingAfterItsSweepWasCancelled_DoesNotTrain()
    {
        var (sweep, silo) = await StartAsync();
        var assignment = (await sweep.LeaseAsync(silo))!;
        var trial = cluster.GrainFactory.GetGrain<ITrialGrain>(Key(assignment));
        var executor = ((InProcessSiloHandle)cluster.Primary!).SiloHost.Services.GetRequiredService<TrialExecutor>();

        // The silo's start of the lease is still on its way, with its slot held, when the sweep is cancelled.
        var status = await sweep.CancelAsync();
        var offer = executor.HandOff.Offer(Key(assignment), await executor.ReserveAsync(CancellationToken.None));
        await trial.StartAsync(assignment);
        var probe = await trial.ProbeAsync();
        offer.Dispose();

        Assert.Equal(SweepState.Cancelled, status.State);
        Assert.False(probe.Running);
        Assert.Equal(0, executor.Running);

        // A later hand-out of the same trial (the sweep run again) trains it.
        await sweep.StartAsync(new SweepRequest("lease.yaml", SweepText, null, null, null));
        var again = (await sweep.LeaseAsync(silo))!;
        var secondOffer = executor.HandOff.Offer(Key(again), await executor.ReserveAsync(CancellationToken.None));
        await cluster.GrainFactory.GetGrain<ITrialGrain>(Key(again)).StartAsync(again);
        secondOffer.Dispose();
        Assert.True((await cluster.GrainFactory.GetGrain<ITrialGrain>(Key(again)).ProbeAsync()).Running);
        await sweep.CancelAsync();
    }

    private static string Key(TrialAssignment? assignment) => TrialKeys.For(assignment!.ConfigurationId, assignment.Seed);

    private async Task<(ISweepGrain Sweep, SiloAddress Silo)> StartAsync()
    {
        var plan = SweepPlan.Expand(SweepFile.Parse(SweepText, "lease.yaml"));
        var sweep = cluster.GrainFactory.GetGrain<ISweepGrain>(plan.Id);
        await sweep.StartAsync(new SweepRequest("lease.yaml", SweepText, null, null, null));
        return (sweep, cluster.Primary!.SiloAddress);
    }

    // Asks for a lease once a second until one comes, for at most the given time.
    private static async Task<TrialAssignment> LeaseWithinAsync(ISweepGrain sweep, SiloAddress silo, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        while (true)
        {
            if (await sweep.LeaseAsync(silo) is { } assignment)
            {
                return assignment;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token);
        }
    }

    /// <summary>One slot, and no puller: no sweep's trials are taken by the silo itself.</summary>
    private sealed class NoPulling : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddMemoryGrainStorage(StorageNames.Sweeps);
            siloBuilder.AddTestResults();
            siloBuilder.AddSweep(options =>
            {
                options.MaxConcurrentTrials = 1;
                options.Sweeps = [];
            });
            siloBuilder.Services.AddSingleton<ITrialTrainer>(new TorchTrainer());
        }
    }
}
