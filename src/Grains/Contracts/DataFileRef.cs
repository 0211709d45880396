namespace Sweep.Grains.Contracts;

/// <summary>A data file a sweep names: its absolute path on the machine that submitted the sweep, and the SHA-256 of its content.</summary>
[GenerateSerializer]
[Alias("Sweep.DataFileRef")]
public sealed record DataFileRef(
    [property: Id(0)] string Path,
    [property: Id(1)] string Sha256);
