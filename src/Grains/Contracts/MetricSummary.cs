namespace Sweep.Grains.Contracts;

/// <summary>A metric over a configuration's completed seeds: sample standard deviation and a 95% t-interval of the mean.</summary>
[GenerateSerializer]
[Alias("Sweep.MetricSummary")]
public sealed record MetricSummary(
    [property: Id(0)] int N,
    [property: Id(1)] double Mean,
    [property: Id(2)] double StandardDeviation,
    [property: Id(3)] double Min,
    [property: Id(4)] double Max,
    [property: Id(5)] double ConfidenceLow,
    [property: Id(6)] double ConfidenceHigh);
