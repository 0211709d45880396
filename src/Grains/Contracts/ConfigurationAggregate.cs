namespace Sweep.Grains.Contracts;

/// <summary>
/// A configuration's aggregated results: one summary per metric name and, unless it is the baseline or either side has
/// fewer than two completed seeds, its comparison with the baseline on the ranking metric.
/// </summary>
[GenerateSerializer]
[Alias("Sweep.ConfigurationAggregate")]
public sealed record ConfigurationAggregate(
    [property: Id(0)] ConfigurationInfo Configuration,
    [property: Id(1)] int Completed,
    [property: Id(2)] int Failed,
    [property: Id(3)] Dictionary<string, MetricSummary> Metrics,
    [property: Id(4)] int Diverged = 0,
    [property: Id(5)] Results.Comparison? VersusBaseline = null);
