using System.Text.Json.Serialization;

namespace Sweep.Training.Specs;

/// <summary>
/// A Keras regularizer: <c>l1(x) = L1 * sum(|x|)</c>, <c>l2(x) = L2 * sum(x^2)</c>, <c>l1_l2</c> both.
/// Coefficients that the kind does not use are null, so equal penalties have equal descriptions.
/// </summary>
public sealed record RegularizerSpec(RegularizerKind Kind, double? L1, double? L2)
{
    /// <summary>The Keras shorthand default for every coefficient (<c>l1()</c> means 0.01).</summary>
    public const double DefaultCoefficient = 0.01;

    /// <summary>The L1 coefficient in effect (zero when the kind has none).</summary>
    [JsonIgnore]
    public double L1Coefficient => L1 ?? 0;

    /// <summary>The L2 coefficient in effect (zero when the kind has none).</summary>
    [JsonIgnore]
    public double L2Coefficient => L2 ?? 0;
}
