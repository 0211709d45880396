namespace Sweep.Grains.Contracts;

/// <summary>A sweep's progress.</summary>
[GenerateSerializer]
[Alias("Sweep.SweepStatus")]
public sealed record SweepStatus(
    [property: Id(0)] string SweepId,
    [property: Id(1)] string Name,
    [property: Id(2)] SweepState State,
    [property: Id(3)] int Configurations,
    [property: Id(4)] int Total,
    [property: Id(5)] int Completed,
    [property: Id(6)] int Failed,
    [property: Id(7)] DateTimeOffset Created,
    [property: Id(8)] DateTimeOffset? Finished,
    [property: Id(9)] string Metric,
    [property: Id(10)] string? TraceId,
    [property: Id(11)] SiloProgress[] Silos,
    [property: Id(12)] int Diverged = 0)
{
    /// <summary>Trials being trained now.</summary>
    public int Running => Silos.Sum(s => s.Running);

    /// <summary>True once the sweep will change no more unless it is resumed: completed, failed, cancelled or interrupted.</summary>
    public bool Ended => State is SweepState.Completed or SweepState.Failed or SweepState.Cancelled or SweepState.Interrupted;

    /// <summary>Trials that have an outcome: completed, failed or diverged.</summary>
    public int Done => Completed + Failed + Diverged;
}
