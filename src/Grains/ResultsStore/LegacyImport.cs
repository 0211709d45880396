using Sweep.Grains.Contracts;

namespace Sweep.Grains.ResultsStore;

/// <summary>
/// Writes the rows of sweeps that an earlier Sweep kept in grain state only, so that a store from before the results
/// schema answers queries like any other. Each sweep grain imports itself: it is the one reader of that state.
/// </summary>
public static class LegacyImport
{
    /// <summary>Imports every sweep of the catalog; returns how many.</summary>
    public static async Task<int> RunAsync(IGrainFactory grains)
    {
        var imported = 0;
        foreach (var id in await grains.GetGrain<ISweepCatalogGrain>(0).ListAsync())
        {
            if (await grains.GetGrain<ISweepGrain>(id).ImportLegacyAsync())
            {
                imported++;
            }
        }

        return imported;
    }
}
