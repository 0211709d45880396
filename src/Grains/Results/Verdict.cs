namespace Sweep.Grains.Results;

/// <summary>What a comparison with the baseline says once corrected for the number of comparisons.</summary>
public enum Verdict
{
    /// <summary>No difference at the family-wise level: the data cannot tell the two apart.</summary>
    Same,

    /// <summary>Significantly better than the baseline.</summary>
    Better,

    /// <summary>Significantly worse than the baseline.</summary>
    Worse,
}
