using System.Text.Json.Nodes;

namespace Sweep.Training.Sweeps;

/// <summary>
/// The sweep file's <c>baseline</c>: grid settings that pick out the one configuration every other is compared with
/// (<c>baseline: {layers.0.activity_regularizer.kind: none}</c>), or none at all (<c>baseline: none</c>).
/// </summary>
/// <param name="Settings">Grid path and value pairs; empty when the file asks for no baseline.</param>
public sealed record BaselineChoice(IReadOnlyList<KeyValuePair<string, JsonNode?>> Settings)
{
    /// <summary>No comparison with a baseline.</summary>
    public static BaselineChoice None { get; } = new([]);

    /// <summary>True when the file turned comparisons off.</summary>
    public bool IsNone => Settings.Count == 0;
}
