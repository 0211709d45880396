using System.Text.Json.Nodes;
using Sweep.Grains.Contracts;
using Sweep.Training.Sweeps;

namespace Sweep.Client.Output;

/// <summary>
/// The grid settings of a sweep's configurations as exports show them: one column per grid axis, named as labels name it
/// (<c>rate</c>, <c>activity_regularizer</c>), in the grid's order, empty where the axis does not matter for a
/// configuration (the placement of <c>kind: none</c>). A sweep stored before settings were kept has none.
/// </summary>
internal sealed class GridSettings
{
    private readonly Dictionary<string, JsonObject> byConfiguration;

    private GridSettings(IReadOnlyList<string> names, Dictionary<string, JsonObject> byConfiguration)
    {
        Names = names;
        this.byConfiguration = byConfiguration;
    }

    /// <summary>The axes' names, in the grid's order.</summary>
    public IReadOnlyList<string> Names { get; }

    public static GridSettings Of(IEnumerable<ConfigurationInfo> configurations)
    {
        var byConfiguration = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var configuration in configurations)
        {
            if (configuration.SettingsJson is null || JsonNode.Parse(configuration.SettingsJson) is not JsonObject settings)
            {
                continue;
            }

            byConfiguration[configuration.Id] = settings;

            // Each configuration lists its axes in the grid's order; one that lacks an axis still places the others.
            var at = 0;
            foreach (var (name, _) in settings)
            {
                var index = names.IndexOf(name);
                if (index < 0)
                {
                    names.Insert(at, name);
                    index = at;
                }

                at = index + 1;
            }
        }

        return new GridSettings(names, byConfiguration);
    }

    /// <summary>The column names, each prefixed with <c>grid.</c> only where it would repeat one of <paramref name="columns"/>.</summary>
    public IEnumerable<string> Columns(IEnumerable<string> columns)
    {
        var taken = columns.ToHashSet(StringComparer.Ordinal);
        return Names.Select(name => taken.Contains(name) ? $"grid.{name}" : name);
    }

    /// <summary>The configuration's values as text (strings bare, everything else as JSON; empty where the axis does not matter).</summary>
    public IEnumerable<string> Texts(string configurationId) =>
        Names.Select(name => byConfiguration.TryGetValue(configurationId, out var settings) && settings.TryGetPropertyValue(name, out var value)
            ? GridExpander.Format(value)
            : "");

    /// <summary>The configuration's values as the sweep file gave them (copies; null where the axis does not matter).</summary>
    public IEnumerable<JsonNode?> Nodes(string configurationId) =>
        Names.Select(name => byConfiguration.TryGetValue(configurationId, out var settings) && settings.TryGetPropertyValue(name, out var value)
            ? value?.DeepClone()
            : null);

    /// <summary>The distinct values of setting <paramref name="name"/>, as text, in ordinal order.</summary>
    public IEnumerable<string> Values(string name) =>
        byConfiguration.Values.Where(s => s.ContainsKey(name)).Select(s => GridExpander.Format(s[name])).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    /// <summary>The configuration's settings as a JSON object (a copy), or null for a sweep stored without them.</summary>
    public JsonObject? Json(string configurationId) =>
        byConfiguration.TryGetValue(configurationId, out var settings) ? (JsonObject)settings.DeepClone() : null;

    /// <summary>
    /// Whether the configuration matches every <c>name=value</c> of <paramref name="filter"/> (numbers compare by value, so
    /// <c>rate=0.5</c> matches 5e-1).
    /// </summary>
    public bool Matches(string configurationId, IReadOnlyList<(string Name, string Value)> filter) =>
        byConfiguration.TryGetValue(configurationId, out var settings)
        && filter.All(f => settings.TryGetPropertyValue(f.Name, out var value)
            && (GridExpander.Format(value) == f.Value || GridExpander.SameValue(value, Parse(f.Value))));

    private static JsonNode? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
