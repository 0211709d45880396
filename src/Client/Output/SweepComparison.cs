using Sweep.Grains.Contracts;
using Sweep.Grains.Results;
using Sweep.Training.Sweeps;

namespace Sweep.Client.Output;

/// <summary>
/// Two sweeps compared configuration by configuration on the metric both rank by: each configuration they share (the same
/// id in both) with its summary in each and b against a, as a ranked table compares with its baseline (Welch's test from
/// the two summaries, <c>Comparison.Welch</c>; the p-values adjusted
/// together, <see cref="Comparison.Holm"/>); and the configurations only one of them has.
/// </summary>
/// <param name="A">Sweep a's report (its ranking is what is read).</param>
/// <param name="B">Sweep b's report.</param>
/// <param name="Metric">The metric both sweeps rank by.</param>
/// <param name="Shared">The configurations both have, in a's ranked order.</param>
/// <param name="OnlyA">The configurations only a has, in its ranked order.</param>
/// <param name="OnlyB">The configurations only b has, in its ranked order.</param>
internal sealed record SweepComparison(
    SweepReport A, SweepReport B, Metric Metric, SharedConfiguration[] Shared, ConfigurationInfo[] OnlyA, ConfigurationInfo[] OnlyB)
{
    /// <summary>Compares <paramref name="b"/> with <paramref name="a"/> from their rankings (aggregates; no trial is read).</summary>
    /// <exception cref="ArgumentException">The sweeps rank by different metrics: the message names both.</exception>
    public static SweepComparison Of(SweepReport a, SweepReport b)
    {
        if (a.RankedBy != b.RankedBy)
        {
            throw new ArgumentException(
                $"sweep '{a.Status.SweepId}' is measured by {a.RankedBy} and sweep '{b.Status.SweepId}' by {b.RankedBy}: only sweeps of one metric can be compared");
        }

        var metric = a.RankingMetric;
        var inB = b.Ranking.ToDictionary(x => x.Configuration.Id, StringComparer.Ordinal);
        var compared = a.Ranking
            .Where(x => inB.ContainsKey(x.Configuration.Id))
            .Select(x => (x.Configuration, A: Side(x, metric), B: Side(inB[x.Configuration.Id], metric)))
            .Select(x => (x.Configuration, x.A, x.B, Versus: x.A.N >= 2 && x.B.N >= 2 ? Comparison.Welch(Sample(x.B), Sample(x.A)) : null))
            .ToArray();
        var tested = compared.Where(c => c.Versus is not null).ToArray();
        var adjusted = Comparison.Holm(tested.Select(c => c.Versus!.P).ToArray());
        var holm = tested.Select((c, i) => (c.Configuration.Id, P: adjusted[i])).ToDictionary(x => x.Id, x => x.P, StringComparer.Ordinal);
        var shared = compared
            .Select(c => new SharedConfiguration(c.Configuration, c.A, c.B, c.Versus is null ? null : c.Versus with { AdjustedP = holm[c.Configuration.Id] }))
            .ToArray();
        var inA = a.Ranking.Select(x => x.Configuration.Id).ToHashSet(StringComparer.Ordinal);
        return new SweepComparison(
            a,
            b,
            metric,
            shared,
            [.. a.Ranking.Where(x => !inB.ContainsKey(x.Configuration.Id)).Select(x => x.Configuration)],
            [.. b.Ranking.Where(x => !inA.Contains(x.Configuration.Id)).Select(x => x.Configuration)]);
    }

    private static MetricSummary Side(ConfigurationAggregate aggregate, Metric metric) => aggregate.Metrics[metric.Name];

    // Welch's test takes each side's count, mean and sample variance, as the store's aggregates give them.
    private static (int, double, double) Sample(MetricSummary summary) => (summary.N, summary.Mean, summary.StandardDeviation * summary.StandardDeviation);
}
