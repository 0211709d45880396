namespace Sweep.Grains.Sweeps;

/// <summary>The persisted list of sweep ids and the sweeps still on the work board.</summary>
[GenerateSerializer]
[Alias("Sweep.SweepCatalogGrainState")]
public sealed class SweepCatalogGrainState
{
    [Id(0)]
    public List<string> SweepIds { get; set; } = [];

    /// <summary>Sweeps with trials left to run; kept across restarts, so a restarted cluster resumes them.</summary>
    [Id(1)]
    public List<string> ActiveSweepIds { get; set; } = [];
}
