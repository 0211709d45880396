namespace Sweep.Client.Hosting;

/// <summary>
/// A remote cluster: the Redis that holds its membership, and its cluster and service ids
/// (<c>--cluster</c> and <c>--cluster-id</c>, else <c>$SWEEP_CLUSTER</c> and <c>$SWEEP_CLUSTER_ID</c>).
/// </summary>
internal sealed record ClusterAddress(string Redis, string ClusterId)
{
    public const string EnvironmentVariable = "SWEEP_CLUSTER";
    public const string ClusterIdVariable = "SWEEP_CLUSTER_ID";
    public const string DefaultClusterId = "sweep";

    /// <summary>The remote cluster named by the options or the environment, or null for the embedded one.</summary>
    public static ClusterAddress? Resolve(string? redis, string? clusterId)
    {
        var connection = redis ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(connection)
            ? null
            : new ClusterAddress(connection, clusterId ?? Environment.GetEnvironmentVariable(ClusterIdVariable) ?? DefaultClusterId);
    }
}
