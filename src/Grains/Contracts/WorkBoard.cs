namespace Sweep.Grains.Contracts;

/// <summary>The sweeps that may have trials to hand out, and a version that changes whenever that may have changed.</summary>
[GenerateSerializer]
[Alias("Sweep.WorkBoard")]
public sealed record WorkBoard(
    [property: Id(0)] long Version,
    [property: Id(1)] string[] ActiveSweeps);
