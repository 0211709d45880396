namespace Sweep.Grains.Contracts;

/// <summary>
/// A sweep's results: aggregates ranked by the metric asked for (best first), every trial's outcome, and the
/// configuration the others are compared with (null when the sweep has none); for a raced sweep, its race.
/// </summary>
[GenerateSerializer]
[Alias("Sweep.SweepReport")]
public sealed record SweepReport(
    [property: Id(0)] SweepStatus Status,
    [property: Id(1)] string RankedBy,
    [property: Id(2)] ConfigurationAggregate[] Ranking,
    [property: Id(3)] TrialOutcome[] Trials,
    [property: Id(4)] string? BaselineId = null,
    [property: Id(5)] Results.Racing.RaceStanding? Race = null)
{
    /// <summary>
    /// Whether the sweep's datasets set validation rows aside: its per-epoch val_* are on them. A sweep's configurations all
    /// do or none do (the sweep file says so), so the first one answers.
    /// </summary>
    public bool HasValidationRows => Ranking.Length > 0 && Ranking[0].Configuration.HasValidationRows;

    /// <summary>
    /// Each configuration's place (1 = best) by the pessimistic end of its 95% interval on the ranking metric
    /// (<see cref="Results.Aggregation.RankByBound"/>), among the configurations of this report.
    /// </summary>
    public IReadOnlyDictionary<string, int> PlacesByBound() => Results.Aggregation.RankByBound(Ranking, RankingMetric);

    /// <summary>The metric the ranking is by.</summary>
    public Training.Sweeps.Metric RankingMetric => Training.Sweeps.Metric.Find(RankedBy) ?? Training.Sweeps.Metric.TestAccuracy;
}
