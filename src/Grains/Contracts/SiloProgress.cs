namespace Sweep.Grains.Contracts;

/// <summary>One silo's share of a sweep: trials it is training now and trials it finished.</summary>
[GenerateSerializer]
[Alias("Sweep.SiloProgress")]
public sealed record SiloProgress(
    [property: Id(0)] string Silo,
    [property: Id(1)] int Running,
    [property: Id(2)] int Finished);
