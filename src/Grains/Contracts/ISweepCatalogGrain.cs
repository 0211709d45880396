namespace Sweep.Grains.Contracts;

/// <summary>The list of every sweep ever started on this store (a single grain, key 0).</summary>
public interface ISweepCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Adds a sweep id; adding it again changes nothing.</summary>
    Task AddAsync(string sweepId);

    /// <summary>Every sweep id, oldest first.</summary>
    Task<string[]> ListAsync();
}
