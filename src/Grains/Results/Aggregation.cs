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

        var mean = values.Mean();
        var deviation = values.Count > 1 ? values.StandardDeviation() : double.NaN;
        var halfWidth = values.Count > 1
            ? StudentT.InvCDF(0, 1, values.Count - 1, 1 - ((1 - ConfidenceLevel) / 2)) * deviation / Math.Sqrt(values.Count)
            : double.NaN;
        return new MetricSummary(values.Count, mean, deviation, values.Minimum(), values.Maximum(), mean - halfWidth, mean + halfWidth);
    }

    /// <summary>
    /// Every configuration's aggregate, best first by <paramref name="metric"/>; configurations without results come
    /// last. With a <paramref name="baselineId"/>, every other configuration with two completed seeds or more is
    /// compared with it on that metric (Welch), and the p-values are adjusted together (Holm).
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
            var metrics = Metric.All.ToDictionary(
                m => m.Name,
                m => Summarize(completed.Select(c => c.Get(m.Name)).ToArray()));
            return new ConfigurationAggregate(
                configuration, completed.Length, trials.Count(t => t.State == TrialState.Failed), metrics, trials.Count(t => t.State == TrialState.Diverged));
        });

        var sign = metric.HigherIsBetter ? -1 : 1;
        return CompareWithBaseline(aggregates.ToArray(), byConfiguration, metric, baselineId)
            .OrderBy(a => a.Completed == 0)
            .ThenBy(a => sign * a.Metrics[metric.Name].Mean)
            .ThenBy(a => a.Configuration.Label, StringComparer.Ordinal)
            .ToArray();
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
            .Select(t => t.Metrics!.Get(metric.Name))
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

        var compared = aggregates
            .Select((a, index) => (Index: index, Values: Values(a.Configuration.Id)))
            .Where(x => aggregates[x.Index].Configuration.Id != baselineId && x.Values.Length >= 2)
            .Select(x => (x.Index, Comparison: Comparison.Welch(x.Values, baseline)))
            .ToArray();
        var adjusted = Comparison.Holm(compared.Select(x => x.Comparison.P).ToArray());
        var result = aggregates.ToArray();
        for (var i = 0; i < compared.Length; i++)
        {
            var (index, comparison) = compared[i];
            result[index] = result[index] with { VersusBaseline = comparison with { AdjustedP = adjusted[i] } };
        }

        return result;
    }
}
