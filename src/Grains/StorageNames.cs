namespace Sweep.Grains;

/// <summary>The grain storage provider names that hosts must register.</summary>
public static class StorageNames
{
    /// <summary>Sweep, trial and catalog state.</summary>
    public const string Sweeps = "sweeps";
}
