namespace Sweep.Grains.Contracts;

/// <summary>A sweep's results: aggregates ranked by the metric asked for (best first) and every trial's outcome.</summary>
[GenerateSerializer]
[Alias("Sweep.SweepReport")]
public sealed record SweepReport(
    [property: Id(0)] SweepStatus Status,
    [property: Id(1)] string RankedBy,
    [property: Id(2)] ConfigurationAggregate[] Ranking,
    [property: Id(3)] TrialOutcome[] Trials);
