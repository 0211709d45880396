using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using Sweep.Grains.ResultsStore;

namespace Sweep.Silo;

/// <summary>
/// Writes where the cluster keeps its results into the cluster's Redis when the silo starts (every silo writes the
/// same), so that clients that only read open the results store directly (<see cref="ResultsLocation"/>).
/// </summary>
internal sealed class ResultsLocationPublisher(string redis, string clusterId, ResultsLocation location) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis);
        await connection.GetDatabase().StringSetAsync(ResultsLocation.RedisKey(clusterId), location.ToJson());
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
