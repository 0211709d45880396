namespace Sweep.Grains.Contracts;

/// <summary>
/// Trial grains are keyed by content: the configuration's hash and the seed. A trial that any
/// sweep already completed is therefore reused, never retrained.
/// </summary>
public static class TrialKeys
{
    public static string For(string configurationId, int seed) => $"{configurationId}-s{seed}";
}
