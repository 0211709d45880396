using System.Text.Json.Nodes;
using Sweep.Training.Datasets;

namespace Sweep.Training.Specs;

/// <summary>
/// A configuration's canonical JSON (<see cref="TrialSpecJson"/>), parsed once. A trial needs its data file before it can
/// read its spec (reading a CSV dataset reads the file's header and checks its SHA-256): <see cref="DataFile"/> names it
/// from the parsed JSON, and <see cref="Read"/> then reads the spec from the same parsed JSON.
/// </summary>
public sealed class TrialSpecDocument
{
    private TrialSpecDocument(JsonNode? root) => Root = root;

    /// <summary>The parsed JSON, for those who list its settings; it is not to be changed.</summary>
    public JsonNode? Root { get; }

    /// <summary>The CSV file the dataset names, by its path and SHA-256; null for a generated dataset, or one without a hash.</summary>
    public (string Path, string Sha256)? DataFile =>
        Root?["dataset"] is JsonObject dataset
        && (string?)dataset["kind"] == "csv"
        && (string?)dataset["path"] is { } path
        && (string?)dataset["sha256"] is { } sha256
            ? (path, sha256)
            : null;

    /// <summary>Parses the JSON; nothing is checked yet but its syntax.</summary>
    /// <exception cref="System.Text.Json.JsonException">The text is not JSON.</exception>
    public static TrialSpecDocument Parse(string json) => new(JsonNode.Parse(json));

    /// <summary>Reads the spec, its data file where <paramref name="files"/> says (by default at its path).</summary>
    /// <exception cref="SpecException">The JSON does not describe a valid trial.</exception>
    public TrialSpec Read(DataFiles? files = null) => TrialSpecReader.Read(Root, files: files);
}
