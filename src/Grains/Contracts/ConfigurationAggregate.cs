namespace Sweep.Grains.Contracts;

/// <summary>A configuration's aggregated results: one summary per metric name.</summary>
[GenerateSerializer]
[Alias("Sweep.ConfigurationAggregate")]
public sealed record ConfigurationAggregate(
    [property: Id(0)] ConfigurationInfo Configuration,
    [property: Id(1)] int Completed,
    [property: Id(2)] int Failed,
    [property: Id(3)] Dictionary<string, MetricSummary> Metrics,
    [property: Id(4)] int Diverged = 0);
