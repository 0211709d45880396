using Sweep.Grains.Contracts;

namespace Sweep.Grains.ResultsStore;

/// <summary>
/// Writes the rows of sweeps that an earlier Sweep kept in grain state only, so that a store from before the results
/// schema answers queries like any other. It reads them through the grains, the one reader of that state.
/// </summary>
public static class LegacyImport
{
    /// <summary>Writes every sweep of the catalog and each of its finished trials; returns how many sweeps.</summary>
    public static async Task<int> RunAsync(IGrainFactory grains, IResultsStore store)
    {
        var ids = await grains.GetGrain<ISweepCatalogGrain>(0).ListAsync();
        var imported = 0;
        foreach (var id in ids)
        {
            var sweep = grains.GetGrain<ISweepGrain>(id);
            if (await sweep.GetRequestAsync() is not { } request)
            {
                continue;
            }

            var report = await sweep.GetReportAsync(null);
            var status = report.Status;

            // The earlier state kept no time of cancellation: the row has none.
            var row = new SweepRow(id, status.Name, status.State, status.Metric, report.BaselineId, status.Created, status.Finished, null, status.TraceId);
            await store.SweepStartedAsync(row, await sweep.GetConfigurationsAsync(), await sweep.GetSeedsAsync(), request);
            foreach (var trial in report.Trials)
            {
                if (await grains.GetGrain<ITrialGrain>(trial.TrialKey).GetRecordAsync() is { } record)
                {
                    await store.TrialEndedAsync(record);
                }
            }

            imported++;
        }

        return imported;
    }
}
