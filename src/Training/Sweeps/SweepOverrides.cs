namespace Sweep.Training.Sweeps;

/// <summary>Command-line overrides for a quick look: fewer seeds, fewer epochs.</summary>
/// <param name="Seeds">Run seeds 0..Seeds-1 instead of the file's seeds.</param>
/// <param name="Epochs">Train every configuration for this many epochs.</param>
public sealed record SweepOverrides(int? Seeds = null, int? Epochs = null)
{
    public static readonly SweepOverrides None = new();
}
