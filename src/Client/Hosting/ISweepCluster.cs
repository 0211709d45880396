namespace Sweep.Client.Hosting;

/// <summary>A cluster the command talks to: the embedded single silo, or a remote cluster through its gateways.</summary>
internal interface ISweepCluster : IAsyncDisposable
{
    IGrainFactory Grains { get; }

    /// <summary>Where the results are stored, for messages.</summary>
    string Location { get; }
}
