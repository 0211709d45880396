using System.Text.Json.Nodes;

namespace Sweep.Client.Plots;

/// <summary>
/// One axis of the parallel-coordinates view: a grid setting whose value differs between configurations.
/// </summary>
/// <param name="Name">The setting's name, as labels and exports name it.</param>
/// <param name="Scale">How values are placed: <see cref="Log"/>, <see cref="Linear"/> or <see cref="Category"/>.</param>
/// <param name="Categories">For a categorical axis, its values as text in the order they are placed; empty otherwise.</param>
/// <param name="Values">
/// Each configuration's value, in the order the configurations were given: a number on a numeric axis, the text on a
/// categorical one, null where the setting does not matter for the configuration.
/// </param>
internal sealed record SettingAxis(string Name, string Scale, IReadOnlyList<string> Categories, IReadOnlyList<JsonNode?> Values)
{
    /// <summary>Positive numbers that span more than a decade.</summary>
    public const string Log = "log";

    /// <summary>Other numbers.</summary>
    public const string Linear = "linear";

    /// <summary>Anything that is not a number (names, booleans, objects), one evenly spaced place per distinct value.</summary>
    public const string Category = "category";
}
