namespace Sweep.Silo;

/// <summary>How silos find each other.</summary>
public enum ClusteringKind
{
    /// <summary>Every silo on one machine, on loopback; for development.</summary>
    Localhost,

    /// <summary>Membership in Redis (<c>Microsoft.Orleans.Clustering.Redis</c>): silos on any hosts of a private network.</summary>
    Redis,
}
