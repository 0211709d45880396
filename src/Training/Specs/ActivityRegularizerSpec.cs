using System.Text.Json.Serialization;

namespace Sweep.Training.Specs;

/// <summary>A penalty on a layer's output for the current batch.</summary>
public sealed record ActivityRegularizerSpec(
    RegularizerKind Kind,
    double? L1,
    double? L2,
    Placement Placement,
    ActivityReduction Reduction)
{
    /// <summary>The penalty itself, without placement and reduction.</summary>
    [JsonIgnore]
    public RegularizerSpec Penalty => new(Kind, L1, L2);
}
