using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sweep.Training.Specs;

/// <summary>
/// The canonical JSON form of a <see cref="TrialSpec"/>: every default filled in, no setting
/// without effect, fixed key order. It is what crosses process boundaries and what identifies a
/// configuration.
/// </summary>
public static class TrialSpecJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Writes the canonical JSON of a spec.</summary>
    public static string Write(TrialSpec spec) => JsonSerializer.Serialize(spec, Options);

    /// <summary>Parses canonical (or any valid) JSON into a spec, reading its data files where <paramref name="files"/> says (by default at their paths).</summary>
    /// <exception cref="SpecException">The JSON does not describe a valid trial.</exception>
    public static TrialSpec Parse(string json, Datasets.DataFiles? files = null) => TrialSpecDocument.Parse(json).Read(files);

    /// <summary>A short, stable identifier of a configuration: the first 12 hex digits of its canonical JSON's SHA-256.</summary>
    public static string Id(string canonicalJson) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson)))[..12];
}
