using System.Text.Json;
using System.Text.Json.Nodes;
using Sweep.Client.Output;
using Sweep.Grains.Contracts;

namespace Sweep.Client.Plots;

/// <summary>
/// The axes of the parallel-coordinates view over a sweep's grid: one per grid setting that takes more than one value
/// among the configurations, in the grid's order (<see cref="GridSettings"/>). A setting whose values are all numbers
/// is numeric, on a log scale when they are all positive and the largest is more than ten times the smallest (learning
/// rates, coefficients), linear otherwise; any other setting is categorical, its values as text in ordinal order.
/// </summary>
internal static class SettingAxes
{
    /// <summary>The axes of <paramref name="configurations"/>, their values in the same order; none for a sweep stored without settings.</summary>
    public static IReadOnlyList<SettingAxis> Of(IReadOnlyList<ConfigurationInfo> configurations)
    {
        var settings = GridSettings.Of(configurations);
        var nodesOf = configurations.Select(c => settings.Nodes(c.Id).ToArray()).ToArray();
        var textsOf = configurations.Select(c => settings.Texts(c.Id).ToArray()).ToArray();
        var axes = new List<SettingAxis>();
        for (var a = 0; a < settings.Names.Count; a++)
        {
            var name = settings.Names[a];
            var categories = settings.Values(name).ToArray();
            if (categories.Length < 2)
            {
                continue;
            }

            var nodes = nodesOf.Select(n => n[a]).ToArray();
            var present = nodes.OfType<JsonNode>().ToArray();
            if (present.All(n => n is JsonValue v && v.GetValueKind() == JsonValueKind.Number))
            {
                var numbers = present.Select(n => n.GetValue<double>()).ToArray();
                var log = numbers.Min() > 0 && numbers.Max() > 10 * numbers.Min();
                axes.Add(new SettingAxis(name, log ? SettingAxis.Log : SettingAxis.Linear, [], nodes));
            }
            else
            {
                axes.Add(new SettingAxis(name, SettingAxis.Category, categories, nodes.Select((n, i) => n is null ? null : (JsonNode)textsOf[i][a]).ToArray()));
            }
        }

        return axes;
    }
}
