using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Sweep.Training.Engine;
using Sweep.Training.Torch;

namespace Sweep.Grains.Tests.Support;

/// <summary>A two-silo test cluster with Sweep's grains, in-memory storage and a counting trainer.</summary>
public sealed class SweepClusterFixture : IAsyncLifetime
{
    public const string Collection = "sweep cluster";

    public TestCluster Cluster { get; } = new TestClusterBuilder(2).WithResults().AddSiloBuilderConfigurator<SiloConfigurator>().Build();

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddMemoryGrainStorage(StorageNames.Sweeps);
            siloBuilder.AddTestResults();
            siloBuilder.AddSweep(options => options.MaxConcurrentTrials = 2);
            siloBuilder.Services.AddSingleton<ITrialTrainer>(new CountingTrainer(new TorchTrainer()));
        }
    }
}
