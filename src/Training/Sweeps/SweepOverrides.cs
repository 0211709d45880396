namespace Sweep.Training.Sweeps;

/// <summary>Command-line overrides for a quick look: fewer seeds, fewer epochs; and the most trials the caller accepts.</summary>
/// <param name="Seeds">Run seeds 0..Seeds-1 instead of the file's seeds.</param>
/// <param name="Epochs">Train every configuration for this many epochs.</param>
/// <param name="MaxTrials">
/// Expanding the grid stops with <see cref="GridLimitException"/> as soon as it has more trials than this, so that a sweep
/// that would be refused for its size is not expanded first; null for none beyond <see cref="SweepFile.MaxTrials"/>.
/// </param>
public sealed record SweepOverrides(int? Seeds = null, int? Epochs = null, int? MaxTrials = null)
{
    public static readonly SweepOverrides None = new();
}
