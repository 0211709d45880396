using System.Globalization;
using System.Text.Json.Nodes;
using Sweep.Grains.Contracts;

namespace Sweep.Client.Plots;

/// <summary>
/// Groups a sweep's configurations for a metric-versus-coefficient plot. A configuration takes part when exactly one
/// regularization coefficient is non-zero: an l1 or l2 of any regularizer, a dropout rate, an LSTM's dropout or
/// recurrent dropout. Configurations with the same settings apart from that coefficient form one series.
/// </summary>
internal static class Coefficients
{
    /// <summary>The series, in the order their first configuration appears in <paramref name="aggregates"/>.</summary>
    public static IReadOnlyList<CoefficientSeries> Series(IEnumerable<ConfigurationAggregate> aggregates, string metric)
    {
        var series = new List<(string Key, string Name, List<CoefficientPoint> Points, List<string> Labels)>();
        foreach (var aggregate in aggregates.Where(a => a.Metrics[metric].N > 0))
        {
            var spec = JsonNode.Parse(aggregate.Configuration.SpecJson)!.AsObject();
            var leaves = Leaves(spec).ToArray();
            if (leaves.Length != 1)
            {
                continue;
            }

            var (path, value, name) = leaves[0];
            Clear(spec, path);
            var key = $"{path}|{spec.ToJsonString()}";
            var index = series.FindIndex(s => s.Key == key);
            if (index < 0)
            {
                series.Add((key, name, [], []));
                index = series.Count - 1;
            }

            series[index].Points.Add(new CoefficientPoint(value, aggregate.Metrics[metric], aggregate.Configuration.Label, aggregate.Configuration.Id));
            series[index].Labels.Add(aggregate.Configuration.Label);
        }

        return series
            .Select(s => new CoefficientSeries(Distinct(s.Name, s.Labels, series.Where(o => o.Name == s.Name && o.Key != s.Key).Select(o => o.Labels)), s.Points.OrderBy(p => p.Coefficient).ToArray()))
            .ToArray();
    }

    /// <summary>Why a sweep has no coefficient figure: no configuration has exactly one non-zero coefficient.</summary>
    public static string None(string sweepId) =>
        $"sweep {sweepId} has no configuration with exactly one non-zero regularization coefficient (an l1, l2 or dropout rate) to plot against";

    /// <summary>Every non-zero coefficient of a canonical spec: its path, its value, and what it regularizes.</summary>
    public static IEnumerable<(string Path, double Value, string Name)> Leaves(JsonObject spec)
    {
        if (spec["layers"] is not JsonArray layers)
        {
            yield break;
        }

        for (var i = 0; i < layers.Count; i++)
        {
            if (layers[i] is not JsonObject layer)
            {
                continue;
            }

            foreach (var (key, node) in layer)
            {
                if (key.EndsWith("_regularizer", StringComparison.Ordinal) && node is JsonObject regularizer)
                {
                    foreach (var coefficient in new[] { "l1", "l2" })
                    {
                        if (Positive(regularizer[coefficient]) is { } value)
                        {
                            yield return ($"layers.{i}.{key}.{coefficient}", value, Describe(i, key, coefficient, regularizer));
                        }
                    }
                }
                else if (key is "rate" or "dropout" or "recurrent_dropout" && Positive(node) is { } rate)
                {
                    yield return ($"layers.{i}.{key}", rate, $"{key.Replace('_', ' ')} of layer {i}");
                }
            }
        }
    }

    private static string Describe(int layer, string key, string coefficient, JsonObject regularizer)
    {
        var kind = (string?)regularizer["kind"] ?? coefficient;
        var what = key[..^"_regularizer".Length];
        var name = kind == coefficient ? $"{kind} {what} of layer {layer}" : $"{kind} {what} of layer {layer}, {coefficient}";
        return regularizer["placement"] is { } placement
            ? $"{name} ({placement.GetValue<string>()}, {(string?)regularizer["reduction"]})"
            : name;
    }

    // Series that share a name differ in some other grid setting: their labels' common tokens tell them apart.
    private static string Distinct(string name, List<string> labels, IEnumerable<List<string>> namesakes)
    {
        var others = namesakes.ToArray();
        if (others.Length == 0)
        {
            return name;
        }

        var own = Common(labels);
        var shared = others.Select(Common).Aggregate(own.AsEnumerable(), (rest, tokens) => rest.Intersect(tokens)).ToHashSet();
        var distinct = own.Where(token => !shared.Contains(token)).ToArray();
        return distinct.Length == 0 ? name : $"{name}, {string.Join(' ', distinct)}";
    }

    private static string[] Common(List<string> labels) =>
        labels.Select(l => l.Split(' ')).Aggregate((a, b) => a.Intersect(b).ToArray());

    private static double? Positive(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out var number) && number > 0 ? number : null;

    private static void Clear(JsonObject spec, string path)
    {
        var segments = path.Split('.');
        JsonNode node = spec;
        foreach (var segment in segments[..^1])
        {
            node = int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? node[index]! : node[segment]!;
        }

        node.AsObject().Remove(segments[^1]);
    }
}
