namespace Sweep.Training.Initializers;

/// <summary>The distribution Keras's <c>VarianceScaling</c> draws from.</summary>
internal enum ScalingDistribution
{
    /// <summary>U(-limit, limit) with limit = sqrt(3 * scale / n).</summary>
    Uniform,

    /// <summary>A normal truncated at two standard deviations whose std after truncation is sqrt(scale / n).</summary>
    TruncatedNormal,

    /// <summary>N(0, sqrt(scale / n)).</summary>
    UntruncatedNormal,
}
