namespace Sweep.Grains.Contracts;

/// <summary>A sweep file as the user gave it, with the command line's overrides.</summary>
[GenerateSerializer]
[Alias("Sweep.SweepRequest")]
public sealed record SweepRequest(
    [property: Id(0)] string File,
    [property: Id(1)] string Text,
    [property: Id(2)] int? Seeds,
    [property: Id(3)] int? Epochs,
    [property: Id(4)] string? TraceParent);
