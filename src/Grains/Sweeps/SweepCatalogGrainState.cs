namespace Sweep.Grains.Sweeps;

/// <summary>The persisted list of sweep ids.</summary>
[GenerateSerializer]
[Alias("Sweep.SweepCatalogGrainState")]
public sealed class SweepCatalogGrainState
{
    [Id(0)]
    public List<string> SweepIds { get; set; } = [];
}
