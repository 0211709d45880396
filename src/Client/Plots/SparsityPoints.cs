using Sweep.Grains.Contracts;

namespace Sweep.Client.Plots;

/// <summary>One configuration on the sparsity plot: every completed trial's (x, y) and the configuration's summaries.</summary>
internal sealed record SparsityPoints(string ConfigurationId, string Label, double[] X, double[] Y, MetricSummary XSummary, MetricSummary YSummary)
{
    /// <summary>What sparsity is set against: the metric on the y axis.</summary>
    public const string YMetric = "test_accuracy";

    /// <summary>The measures of sparsity the x axis can show, as metric names.</summary>
    public static readonly string[] XMetrics = ["zero_fraction", "activation_mean"];

    /// <summary>
    /// The points of <paramref name="configurations"/>, in their order, from their completed <paramref name="trials"/>
    /// (others are skipped), against metric <paramref name="x"/>; a configuration with no completed trial is left out.
    /// </summary>
    public static IReadOnlyList<SparsityPoints> Of(IEnumerable<ConfigurationAggregate> configurations, IEnumerable<TrialOutcome> trials, string x)
    {
        var byConfiguration = trials.Where(t => t.State == TrialState.Completed && t.Metrics is not null).ToLookup(t => t.ConfigurationId, StringComparer.Ordinal);
        return configurations.Select(c =>
        {
            var completed = byConfiguration[c.Configuration.Id].ToArray();
            return new SparsityPoints(
                c.Configuration.Id,
                c.Configuration.Label,
                completed.Select(t => t.Metrics!.Get(x)).ToArray(),
                completed.Select(t => t.Metrics!.Get(YMetric)).ToArray(),
                c.Metrics[x],
                c.Metrics[YMetric]);
        }).Where(p => p.X.Length > 0).ToArray();
    }

    /// <summary>What the x axis shows, in words.</summary>
    public static string Describe(string x) => x == "zero_fraction" ? "fraction of hidden activations that are exactly 0" : "mean hidden activation";
}
