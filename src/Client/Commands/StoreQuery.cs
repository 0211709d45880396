using Sweep.Client.Hosting;

namespace Sweep.Client.Commands;

/// <summary>Opens the embedded store for a read-only question.</summary>
internal static class StoreQuery
{
    public static async Task<T> AskAsync<T>(string? store, Func<IGrainFactory, Task<T>> question, CancellationToken cancellationToken)
    {
        var location = StoreLocation.Resolve(store);
        if (!File.Exists(location.DatabasePath))
        {
            throw new ArgumentException($"no sweep store at {location.DatabasePath}; run a sweep first or pass --store");
        }

        await using var cluster = await EmbeddedCluster.StartAsync(location, 1, cancellationToken);
        return await question(cluster.Grains);
    }
}
