using Sweep.Client.Hosting;
using Sweep.Client.Output;
using Sweep.Client.Plots;
using Sweep.Grains.Contracts;
using Sweep.Training.Sweeps;

namespace Sweep.Client.Commands;

internal static partial class StoreQuery
{
    /// <summary>
    /// What the sweep page's figures beside the curves are drawn from: the sweep's ranking (with the summaries of the
    /// sparsity figure's metrics), the configurations <paramref name="names"/> chooses (<see cref="ConfigurationChoice"/>;
    /// none: the first <paramref name="top"/> by rank) in ranking order, and the completed trials of those alone. From a
    /// store that is the one-pass ranking and the chosen configurations' rows; a cluster's silos send every trial.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No sweep matches <paramref name="id"/>.</exception>
    /// <exception cref="ArgumentException">Several sweeps match, a name matches no configuration, or an id prefix several.</exception>
    public static Task<(SweepReport Ranking, IReadOnlyList<ConfigurationAggregate> Chosen, IReadOnlyList<TrialOutcome> Trials)> LoadFiguresAsync(
        string? store, ClusterAddress? cluster, string id, IReadOnlyList<string> names, int top, CancellationToken cancellationToken) =>
        AskAsync(
            store,
            cluster,
            async (results, held) =>
            {
                var ranking = Live(await results.RankingAsync(await ResolveAsync(results, id), null, _ => FigureMetrics), held);
                var chosen = Choose(ranking, names, top);
                var trials = await results.CompletedOutcomesAsync(ranking.Status.SweepId, chosen.Select(c => c.Configuration.Id).ToArray());
                return (ranking, chosen, (IReadOnlyList<TrialOutcome>)trials);
            },
            async grains =>
            {
                var report = await grains.GetGrain<ISweepGrain>(await ResolveAsync(grains, id)).GetReportAsync(null);
                var chosen = Choose(report, names, top);
                var ids = chosen.Select(c => c.Configuration.Id).ToHashSet(StringComparer.Ordinal);
                return (report, chosen, (IReadOnlyList<TrialOutcome>)report.Trials.Where(t => ids.Contains(t.ConfigurationId) && t.State == TrialState.Completed).ToArray());
            },
            cancellationToken);

    // The metrics the figures summarise besides the ranked one: the sparsity figure's axes.
    private static readonly Metric[] FigureMetrics = [.. SparsityPoints.XMetrics.Append(SparsityPoints.YMetric).Select(name => Metric.Find(name)!)];
}
