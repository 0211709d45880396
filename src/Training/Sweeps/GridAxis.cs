using System.Text.Json.Nodes;

namespace Sweep.Training.Sweeps;

/// <summary>One grid dimension: a dotted key path into the trial and the values it takes.</summary>
public sealed record GridAxis(string Path, IReadOnlyList<JsonNode?> Values);
