namespace Sweep.Grains.Data;

/// <summary>The persisted content of a data file.</summary>
[GenerateSerializer]
[Alias("Sweep.DataFileGrainState")]
public sealed class DataFileGrainState
{
    [Id(0)]
    public byte[]? Content { get; set; }
}
