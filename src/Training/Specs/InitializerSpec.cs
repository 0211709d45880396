namespace Sweep.Training.Specs;

/// <summary>
/// A Keras initializer by name with its parameters; parameters the initializer does not have are null.
/// Draws come from the trial's generator (Keras's own <c>seed</c> argument has no place here).
/// </summary>
/// <param name="Name">glorot_uniform, glorot_normal, he_uniform, he_normal, lecun_uniform, lecun_normal,
/// random_uniform, random_normal, truncated_normal, orthogonal, zeros, ones or constant.</param>
/// <param name="Minval">random_uniform: lower bound (default -0.05).</param>
/// <param name="Maxval">random_uniform: upper bound (default 0.05).</param>
/// <param name="Mean">random_normal, truncated_normal (default 0).</param>
/// <param name="Stddev">random_normal, truncated_normal (default 0.05).</param>
/// <param name="Value">constant (default 0).</param>
/// <param name="Gain">orthogonal (default 1).</param>
public sealed record InitializerSpec(
    string Name,
    double? Minval = null,
    double? Maxval = null,
    double? Mean = null,
    double? Stddev = null,
    double? Value = null,
    double? Gain = null)
{
    public static readonly InitializerSpec GlorotUniform = new("glorot_uniform");
    public static readonly InitializerSpec Zeros = new("zeros");
    public static readonly InitializerSpec Orthogonal = new("orthogonal", Gain: 1.0);
}
