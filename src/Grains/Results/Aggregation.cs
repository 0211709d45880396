using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;
using Sweep.Grains.Contracts;
using Sweep.Training.Sweeps;

namespace Sweep.Grains.Results;

/// <summary>Aggregates trial outcomes per configuration and ranks configurations.</summary>
public static class Aggregation
{
    /// <summary>The confidence level of the interval of the mean.</summary>
    public const double ConfidenceLevel = 0.95;

    /// <summary>
    /// n, mean, sample standard deviation, min, max and the 95% Student-t interval of the mean.
    /// With one value the deviation and the interval are undefined (NaN).
    /// </summary>
    public static MetricSummary Summarize(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return new MetricSummary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        return Summarize(values.Count, values.Mean(), values.Count > 1 ? values.StandardDeviation() : double.NaN, values.Minimum(), values.Maximum());
    }

    /// <summary>The summary of <paramref name="n"/> values from their mean, sample standard deviation, min and max.</summary>
    public static MetricSummary Summarize(int n, double mean, double deviation, double min, double max)
    {
        if (n == 0)
        {
            return new MetricSummary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var halfWidth = n > 1 ? StudentT.InvCDF(0, 1, n - 1, 1 - ((1 - ConfidenceLevel) / 2)) * deviation / Math.Sqrt(n) : double.NaN;
        return new MetricSummary(n, mean, n > 1 ? deviation : double.NaN, min, max, mean - halfWidth, mean + halfWidth);
    }

    /// <summary>
    /// Every configuration's aggregate, best first by <paramref name="metric"/>; configurations without results come
    /// last. With a <paramref name="baselineId"/>, every other configuration with two completed seeds or more is
    /// compared with it on that metric (Welch, and the probability of improvement), and the p-values are adjusted
    /// together (Holm).
    /// </summary>
    public static ConfigurationAggregate[] Rank(
        IReadOnlyList<ConfigurationInfo> configurations, IEnumerable<TrialOutcome> outcomes, Metric metric, string? baselineId = null)
    {
        var byConfiguration = outcomes.ToLookup(outcome => outcome.ConfigurationId);
        var aggregates = configurations.Select(configuration =>
        {
            // In seed order, so that the floating-point sums do not depend on the order trials finished in.
            var trials = byConfiguration[configuration.Id].OrderBy(t => t.Seed).ToArray();
            var completed = trials.Where(t => t.State == TrialState.Completed && t.Metrics is not null).Select(t => t.Metrics!).ToArray();
            // Over the finite values, as the store aggregates: a metric a trial has no value for (NaN) is not a value.
            var metrics = Metric.All.ToDictionary(
                m => m.Name,
                m => Summarize(completed.Select(c => c.Get(m.Name)).Where(double.IsFinite).ToArray()));
            return new ConfigurationAggregate(
                configuration, completed.Length, trials.Count(t => t.State == TrialState.Failed), metrics, trials.Count(t => t.State == TrialState.Diverged));
        });

        return Order(CompareWithBaseline(aggregates.ToArray(), byConfiguration, metric, baselineId), metric);
    }

    /// <summary>
    /// <see cref="Rank(IReadOnlyList{ConfigurationInfo}, IEnumerable{TrialOutcome}, Metric, string?)"/> from aggregates a
    /// store computed (each metric over the finite values of completed trials): every configuration with two values or
    /// more is compared with the baseline from the two summaries (Welch), the p-values adjusted together (Holm).
    /// </summary>
    public static ConfigurationAggregate[] Rank(ConfigurationAggregate[] aggregates, Metric metric, string? baselineId)
    {
        (int, double, double) Side(ConfigurationAggregate a) =>
            (a.Metrics[metric.Name].N, a.Metrics[metric.Name].Mean, Math.Pow(a.Metrics[metric.Name].StandardDeviation, 2));
        var baseline = aggregates.FirstOrDefault(a => a.Configuration.Id == baselineId);
        if (baseline is null || baseline.Metrics[metric.Name].N < 2)
        {
            return Order(aggregates, metric);
        }

        return Order(Adjust(aggregates, aggregates
            .Select((a, index) => (Index: index, Aggregate: a))
            .Where(x => x.Aggregate != baseline && x.Aggregate.Metrics[metric.Name].N >= 2)
            .Select(x => (x.Index, Comparison.Welch(Side(x.Aggregate), Side(baseline))))
            .ToArray()), metric);
    }

    /// <summary>
    /// The comparisons with the baseline made again on some seeds only (a race's confirmation seeds, which no decision
    /// used): each configuration of <paramref name="values"/> other than the baseline, with two values or more, is compared
    /// with the baseline's values (Welch, the probability of improvement), the p-values adjusted together (Holm); the others
    /// are not compared. The order stays.
    /// </summary>
    public static ConfigurationAggregate[] CompareOn(
        ConfigurationAggregate[] ranked, IReadOnlyDictionary<string, double[]> values, Metric metric, string? baselineId)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(metric);
        var cleared = ranked.Select(a => a with { VersusBaseline = null }).ToArray();
        if (baselineId is null || !values.TryGetValue(baselineId, out var baseline) || baseline.Length < 2)
        {
            return cleared;
        }

        return Adjust(cleared, cleared
            .Select((a, index) => (Index: index, Id: a.Configuration.Id))
            .Where(x => x.Id != baselineId && values.TryGetValue(x.Id, out var v) && v.Length >= 2)
            .Select(x => (x.Index, Comparison.Welch(values[x.Id], baseline) with
            {
                ProbabilityOfImprovement = Comparison.ProbabilityBetter(values[x.Id], baseline, metric.HigherIsBetter),
            }))
            .ToArray());
    }

    // Best first by the metric's mean; configurations without results last.
    private static ConfigurationAggregate[] Order(ConfigurationAggregate[] aggregates, Metric metric)
    {
        var sign = metric.HigherIsBetter ? -1 : 1;
        return aggregates
            .OrderBy(a => a.Completed == 0)
            .ThenBy(a => sign * a.Metrics[metric.Name].Mean)
            .ThenBy(a => a.Configuration.Label, StringComparer.Ordinal)
            .ToArray();
    }

    // Each comparison with its Holm-adjusted p, on the aggregate it belongs to.
    private static ConfigurationAggregate[] Adjust(ConfigurationAggregate[] aggregates, (int Index, Comparison Comparison)[] compared)
    {
        var adjusted = Comparison.Holm(compared.Select(x => x.Comparison.P).ToArray());
        var result = aggregates.ToArray();
        for (var i = 0; i < compared.Length; i++)
        {
            var (index, comparison) = compared[i];
            result[index] = result[index] with { VersusBaseline = comparison with { AdjustedP = adjusted[i] } };
        }

        return result;
    }

    /// <summary>
    /// Each configuration's place (1 = best) when ranked by the pessimistic end of its 95% interval: the lower bound
    /// for a metric where higher is better, the upper bound otherwise. Configurations without an interval come last.
    /// </summary>
    public static Dictionary<string, int> RankByBound(IReadOnlyList<ConfigurationAggregate> ranking, Metric metric)
    {
        var bound = (ConfigurationAggregate a) => metric.HigherIsBetter ? -a.Metrics[metric.Name].ConfidenceLow : a.Metrics[metric.Name].ConfidenceHigh;
        return ranking
            .OrderBy(a => double.IsNaN(bound(a)))
            .ThenBy(bound)
            .ThenBy(a => a.Configuration.Label, StringComparer.Ordinal)
            .Select((a, index) => (a.Configuration.Id, Place: index + 1))
            .ToDictionary(x => x.Id, x => x.Place);
    }

    private static ConfigurationAggregate[] CompareWithBaseline(
        ConfigurationAggregate[] aggregates, ILookup<string, TrialOutcome> byConfiguration, Metric metric, string? baselineId)
    {
        // Finite values only: a metric that is undefined for a trial (NaN) would make every adjusted p NaN.
        double[] Values(string id) => byConfiguration[id]
            .Where(t => t.State == TrialState.Completed && t.Metrics is not null)
            .OrderBy(t => t.Seed)
            .Select(t => metric.Of(t.Metrics!))
            .Where(double.IsFinite)
            .ToArray();

        if (baselineId is null || !aggregates.Any(a => a.Configuration.Id == baselineId))
        {
            return aggregates;
        }

        var baseline = Values(baselineId);
        if (baseline.Length < 2)
        {
            return aggregates;
        }

        return Adjust(aggregates, aggregates
            .Select((a, index) => (Index: index, Values: Values(a.Configuration.Id)))
            .Where(x => aggregates[x.Index].Configuration.Id != baselineId && x.Values.Length >= 2)
            .Select(x => (x.Index, Comparison.Welch(x.Values, baseline) with
            {
                ProbabilityOfImprovement = Comparison.ProbabilityBetter(x.Values, baseline, metric.HigherIsBetter),
            }))
            .ToArray());
    }
}
