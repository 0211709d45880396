using StackExchange.Redis;
using Sweep.Grains.ResultsStore;

namespace Sweep.Client.Hosting;

/// <summary>A cluster's results store, found where its silos publish it (<see cref="ResultsLocation"/>).</summary>
internal static class ClusterResults
{
    /// <summary>
    /// Whether the cluster's Redis holds the results location that each of its silos writes when it starts: false where no
    /// silo of that cluster id ever started against this Redis, or Redis lost its data since (restarted without
    /// persistence, or flushed). Null where Redis cannot be reached.
    /// </summary>
    public static async Task<bool?> PublishedAsync(ClusterAddress cluster)
    {
        try
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(cluster.Redis);
            return await redis.GetDatabase().KeyExistsAsync(ResultsLocation.RedisKey(cluster.ClusterId));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return null;
        }
    }

    /// <summary>
    /// Opens the results store of <paramref name="cluster"/> for reading; null where no silo has published it (silos of an
    /// earlier Sweep) or this machine cannot open it (the SQLite file of the silos' machine).
    /// </summary>
    /// <returns>The store, and whether a silo of the cluster has run within <see cref="ResultsLocation.AliveFor"/>.</returns>
    /// <exception cref="ArgumentException">The cluster's Redis cannot be reached.</exception>
    public static async Task<(SqlResultsStore? Results, bool SilosAlive)> OpenAsync(ClusterAddress cluster)
    {
        try
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(cluster.Redis);
            var location = ResultsLocation.Parse(await redis.GetDatabase().StringGetAsync(ResultsLocation.RedisKey(cluster.ClusterId)));
            var alive = await redis.GetDatabase().KeyExistsAsync(ResultsLocation.AliveKey(cluster.ClusterId));
            return (location?.Open(), alive);
        }
        catch (RedisConnectionException e)
        {
            throw new ArgumentException($"cannot reach Redis at {cluster.Redis} (--cluster or ${ClusterAddress.EnvironmentVariable})", e);
        }
    }
}
