using System.CommandLine;
using Sweep.Client.Hosting;

namespace Sweep.Client.Cli;

/// <summary>
/// Where a command finds its sweeps: an embedded store (<c>--store DIR</c>, else the default) or a cluster
/// (<c>--cluster HOST:PORT</c> and <c>--cluster-id ID</c>, else their environment variables). One instance per command.
/// </summary>
internal sealed class SweepSource
{
    private readonly Option<string?> store = SharedOptions.Store();
    private readonly Option<string?> cluster = SharedOptions.Cluster();
    private readonly Option<string?> clusterId = SharedOptions.ClusterId();

    /// <summary>Adds the three options to <paramref name="command"/>, in this order.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(store);
        command.Options.Add(cluster);
        command.Options.Add(clusterId);
    }

    /// <summary>The store folder given; null for the default.</summary>
    public string? Store(ParseResult result) => result.GetValue(store);

    /// <summary>The cluster given, on the command line or in the environment; null for the embedded store.</summary>
    public ClusterAddress? Cluster(ParseResult result) => ClusterAddress.Resolve(result.GetValue(cluster), result.GetValue(clusterId));
}
