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

    /// <summary>Every configuration's aggregate, best first by <paramref name="metric"/>; configurations without results come last.</summary>
    public static ConfigurationAggregate[] Rank(
        IReadOnlyList<ConfigurationInfo> configurations, IEnumerable<TrialOutcome> outcomes, Metric metric)
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
        return aggregates
            .OrderBy(a => a.Completed == 0)
            .ThenBy(a => sign * a.Metrics[metric.Name].Mean)
            .ThenBy(a => a.Configuration.Label, StringComparer.Ordinal)
            .ToArray();
    }
}
