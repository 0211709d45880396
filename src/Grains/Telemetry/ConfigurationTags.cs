using System.Text.Json.Nodes;
using Sweep.Training.Specs;

namespace Sweep.Grains.Telemetry;

/// <summary>
/// A trial's configuration as span attributes: every setting of its canonical JSON under
/// <c>trial.config.</c>, named by its path (<c>trial.config.layers.0.units</c>,
/// <c>trial.config.optimizer.learning_rate</c>), so that a tracing backend can filter and group by any setting.
/// </summary>
internal static class ConfigurationTags
{
    /// <summary>The prefix of every configuration attribute.</summary>
    public const string Prefix = "trial.config.";

    public static IEnumerable<KeyValuePair<string, object?>> From(TrialSpecDocument trial)
    {
        var tags = new List<KeyValuePair<string, object?>>();
        Add(trial.Root, Prefix.TrimEnd('.'), tags);
        return tags;
    }

    private static void Add(JsonNode? node, string path, List<KeyValuePair<string, object?>> tags)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    Add(value, $"{path}.{key}", tags);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Add(array[i], $"{path}.{i}", tags);
                }

                break;
            case JsonValue value when Scalar(value) is { } scalar:
                tags.Add(new(path, scalar));
                break;
        }
    }

    // A setting's value as the attribute type a backend filters on: an integer stays an integer, not a double.
    private static object? Scalar(JsonValue value) =>
        value.TryGetValue<long>(out var integer) ? (object)integer
        : value.TryGetValue<double>(out var number) ? number
        : value.TryGetValue<bool>(out var flag) ? flag
        : value.TryGetValue<string>(out var text) ? text
        : null;
}
