namespace Sweep.Grains.Contracts;

/// <summary>
/// A sweep file as the user gave it, with the command line's overrides. <see cref="DataFiles"/> are the CSV files
/// sent with it (their content is in <see cref="IDataFileGrain"/>s); a file not among them is read at its path.
/// </summary>
[GenerateSerializer]
[Alias("Sweep.SweepRequest")]
public sealed record SweepRequest(
    [property: Id(0)] string File,
    [property: Id(1)] string Text,
    [property: Id(2)] int? Seeds,
    [property: Id(3)] int? Epochs,
    [property: Id(4)] string? TraceParent,
    [property: Id(5)] IReadOnlyList<DataFileRef>? DataFiles = null);
