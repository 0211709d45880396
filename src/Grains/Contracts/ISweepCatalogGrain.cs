using Orleans.Concurrency;

namespace Sweep.Grains.Contracts;

/// <summary>
/// Every sweep ever started on this store, and the work board: the sweeps that still have trials
/// to run (a single grain, key 0). Silos long-poll the board to learn where to pull trials from.
/// </summary>
public interface ISweepCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Adds a sweep id; adding it again changes nothing.</summary>
    Task AddAsync(string sweepId);

    /// <summary>Every sweep id, oldest first.</summary>
    Task<string[]> ListAsync();

    /// <summary>
    /// Puts a sweep on the board or takes it off, and tells waiting silos. A sweep calls this when it
    /// starts, resumes, gets a trial back, finishes or is cancelled.
    /// </summary>
    Task SetActiveAsync(string sweepId, bool active);

    /// <summary>
    /// Returns the board once its version differs from <paramref name="seenVersion"/>, after <paramref name="maxWait"/>,
    /// or at once when <paramref name="cancellationToken"/> is cancelled (the asking silo stops) or the grain's own silo
    /// stops: a wait in flight would otherwise hold up the grain's deactivation, and so its silo's shutdown, for the rest
    /// of <paramref name="maxWait"/>.
    /// </summary>
    [AlwaysInterleave]
    Task<WorkBoard> WaitForWorkAsync(long seenVersion, TimeSpan maxWait, CancellationToken cancellationToken = default);
}
