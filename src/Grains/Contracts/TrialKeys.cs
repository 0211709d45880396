namespace Sweep.Grains.Contracts;

/// <summary>
/// Trial grains are keyed by content: the configuration's hash and the seed. A trial that any
/// sweep already completed is therefore reused, never retrained.
/// </summary>
public static class TrialKeys
{
    public static string For(string configurationId, int seed) => $"{configurationId}-s{seed}";

    /// <summary>The configuration and seed of a key made by <see cref="For"/>.</summary>
    /// <exception cref="FormatException">The key is not a trial's.</exception>
    public static (string ConfigurationId, int Seed) Parse(string trialKey)
    {
        var at = trialKey.LastIndexOf("-s", StringComparison.Ordinal);
        return at > 0 && int.TryParse(trialKey.AsSpan(at + 2), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var seed)
            ? (trialKey[..at], seed)
            : throw new FormatException($"'{trialKey}' is not a trial key (configuration-sSEED)");
    }
}
