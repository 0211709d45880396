using Sweep.Client.Hosting;
using Sweep.Client.Output;
using Sweep.Grains.Contracts;

namespace Sweep.Client.Commands;

internal static partial class StoreQuery
{
    /// <summary>
    /// What learning curves of a few configurations are drawn from: the sweep's report and the records of the
    /// configurations <paramref name="names"/> chooses (<see cref="ConfigurationChoice"/>; none: the first
    /// <paramref name="top"/> by rank), and those configurations in ranking order. From a store only their histories
    /// are read; a cluster's silos send every record.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No sweep matches <paramref name="id"/>.</exception>
    /// <exception cref="ArgumentException">Several sweeps match, a name matches no configuration, or an id prefix several.</exception>
    public static Task<(SweepData Data, IReadOnlyList<ConfigurationAggregate> Chosen)> LoadCurvesAsync(
        string? store, ClusterAddress? cluster, string id, IReadOnlyList<string> names, int top, CancellationToken cancellationToken) =>
        AskAsync(
            store,
            cluster,
            async (results, held) =>
            {
                var report = Live(await results.ReportAsync(await ResolveAsync(results, id), null, attempts: false), held);
                var chosen = Choose(report, names, top);
                var records = await results.RecordsAsync(report, chosen.Select(c => c.Configuration.Id).ToArray());
                return (new SweepData(report, records), chosen);
            },
            async grains =>
            {
                var sweep = grains.GetGrain<ISweepGrain>(await ResolveAsync(grains, id));
                var report = await sweep.GetReportAsync(null);
                var chosen = Choose(report, names, top);
                return (new SweepData(report, await sweep.GetRecordsAsync(null)), chosen);
            },
            cancellationToken);

    private static IReadOnlyList<ConfigurationAggregate> Choose(SweepReport report, IReadOnlyList<string> names, int top) =>
        names.Count == 0 ? report.Ranking.Take(top).ToArray() : ConfigurationChoice.Select(report, names);
}
