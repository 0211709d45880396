using System.Text.Json;
using System.Text.Json.Nodes;
using Sweep.Training.Datasets;
using Sweep.Training.Specs;
using Sweep.Training.Specs.Reading;

namespace Sweep.Training.Sweeps;

/// <summary>
/// Expands a sweep's grid into its distinct configurations. Cells whose trials would be
/// identical (the placement of a <c>kind: none</c> regularizer, say) are run once.
/// </summary>
public static class GridExpander
{
    /// <summary>Accepts <c>layers.0.units</c>, <c>layers[0].units</c> and a leading <c>trial.</c>.</summary>
    public static string NormalizePath(string path)
    {
        var normalized = path.Replace("[", ".", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal);
        return normalized.StartsWith("trial.", StringComparison.Ordinal) ? normalized["trial.".Length..] : normalized;
    }

    /// <summary>
    /// The distinct configurations in grid order (the first axis varies slowest), and the id of the baseline: the
    /// configuration the file's <c>baseline</c> picks, or by default the only one without any regularization.
    /// </summary>
    /// <exception cref="SpecException">A grid path or a cell is invalid, or the baseline does not pick one configuration.</exception>
    public static (IReadOnlyList<SweepConfiguration> Configurations, string? BaselineId) Expand(SweepDefinition definition, DataFiles? files = null, int? maxTrials = null)
    {
        var axes = definition.Grid;
        var cells = Cells(axes.Select(axis => axis.Values.Count).ToArray());
        files ??= new DataFiles();
        var baseProblem = BaseProblem(definition, files);
        var specs = new Dictionary<string, (TrialSpec Spec, string Json)>(StringComparer.Ordinal);
        var idOfCell = new string[cells.Count];
        for (var c = 0; c < cells.Count; c++)
        {
            var (spec, json) = Build(definition, cells[c], baseProblem, files);
            idOfCell[c] = TrialSpecJson.Id(json);
            if (specs.TryAdd(idOfCell[c], (spec, json)) && maxTrials is { } limit && (long)specs.Count * definition.Seeds.Count > limit)
            {
                throw new GridLimitException(specs.Count, definition.Seeds.Count, limit);
            }
        }

        var names = ShortNames(axes);
        var matters = Relevance(cells, idOfCell, axes.Count);
        var configurations = new List<SweepConfiguration>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < cells.Count; c++)
        {
            if (!seen.Add(idOfCell[c]))
            {
                continue;
            }

            var parts = new List<string>();
            var settings = new JsonObject();
            for (var a = 0; a < axes.Count; a++)
            {
                if (matters[c, a])
                {
                    var value = axes[a].Values[cells[c][a]];
                    parts.Add($"{names[a]}={Format(value)}");
                    settings[names[a]] = value?.DeepClone();
                }
            }

            var (spec, json) = specs[idOfCell[c]];
            configurations.Add(new SweepConfiguration(idOfCell[c], parts.Count == 0 ? "base" : string.Join(" ", parts), spec, json, settings.ToJsonString()));
        }

        return (configurations, Baseline(definition, cells, idOfCell, configurations));
    }

    /// <summary>Two grid values are the same when their JSON is, numbers compared by value (1e-4 is 0.0001).</summary>
    public static bool SameValue(JsonNode? a, JsonNode? b) =>
        a is JsonValue x && b is JsonValue y && x.GetValueKind() == JsonValueKind.Number && y.GetValueKind() == JsonValueKind.Number
            ? x.Deserialize<double>() == y.Deserialize<double>()
            : JsonNode.DeepEquals(a, b);

    /// <summary>A grid value as labels and messages show it: strings bare, everything else as JSON.</summary>
    public static string Format(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };

    private static string? Baseline(SweepDefinition definition, List<int[]> cells, string[] idOfCell, List<SweepConfiguration> configurations)
    {
        if (definition.Baseline is { IsNone: true })
        {
            return null;
        }

        if (definition.Baseline is null)
        {
            var plain = configurations.Where(c => !c.Spec.IsRegularized).ToArray();
            return plain.Length == 1 && configurations.Count > 1 ? plain[0].Id : null;
        }

        var axes = definition.Grid.Select(a => a.Path).ToList();
        var chosen = definition.Baseline.Settings.Select(s => (Axis: axes.IndexOf(s.Key), s.Value)).ToArray();
        var ids = Enumerable.Range(0, cells.Count)
            .Where(c => chosen.All(s => SameValue(definition.Grid[s.Axis].Values[cells[c][s.Axis]], s.Value)))
            .Select(c => idOfCell[c])
            .Distinct()
            .ToArray();
        return ids.Length == 1
            ? ids[0]
            : throw new SpecException("baseline", $"picks {ids.Length} configurations ({string.Join("; ", configurations.Where(c => ids.Contains(c.Id)).Select(c => c.Label))}); name more grid settings so that it picks one");
    }

    // An error the base trial has by itself is the base's, not a grid cell's.
    private static string? BaseProblem(SweepDefinition definition, DataFiles files)
    {
        try
        {
            var spec = TrialSpecReader.Read(definition.Trial, "trial", definition.BaseDirectory, files);
            CsvContent.Check(spec, files);
            SplitContent.Check(spec, files);
            return null;
        }
        catch (SpecException e)
        {
            return e.Message;
        }
    }

    private static (TrialSpec Spec, string Json) Build(SweepDefinition definition, int[] cell, string? baseProblem, DataFiles files)
    {
        var trial = (JsonObject)definition.Trial.DeepClone();
        for (var a = 0; a < cell.Length; a++)
        {
            var axis = definition.Grid[a];
            Set(trial, axis.Path, axis.Values[cell[a]]?.DeepClone());
        }

        try
        {
            var spec = TrialSpecReader.Read(trial, "trial", definition.BaseDirectory, files);
            CsvContent.Check(spec, files);
            SplitContent.Check(spec, files);
            return (spec, TrialSpecJson.Write(spec));
        }
        catch (SpecException e) when (cell.Length > 0 && e.Message != baseProblem)
        {
            var where = string.Join(", ", cell.Select((v, a) => $"{definition.Grid[a].Path}={Format(definition.Grid[a].Values[v])}"));
            throw new SpecException(e.Path, $"{e.Problem} (in the grid cell {where})");
        }
    }

    private static void Set(JsonObject trial, string path, JsonNode? value)
    {
        var segments = path.Split('.');
        JsonNode current = trial;
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            var here = $"grid.{string.Join('.', segments[..(i + 1)])}";
            switch (current)
            {
                case JsonObject obj:
                    if (last)
                    {
                        obj[segment] = value;
                        return;
                    }

                    if (obj[segment] is null)
                    {
                        obj[segment] = new JsonObject();
                    }

                    current = obj[segment]!;
                    break;
                case JsonArray array when int.TryParse(segment, out var index):
                    if (index < 0 || index >= array.Count)
                    {
                        throw new SpecException(here, $"index {index} is out of range; the list has {array.Count} items (0 to {array.Count - 1})");
                    }

                    if (last)
                    {
                        array[index] = value;
                        return;
                    }

                    current = array[index] ?? throw new SpecException(here, "is empty");
                    break;
                case JsonArray:
                    throw new SpecException(here, $"'{segment}' is not a list index; use a number such as layers.0.units");
                default:
                    throw new SpecException(here, "cannot set a key inside a single value");
            }
        }
    }

    /// <summary>
    /// An axis matters to a cell when changing only that axis changes the configuration; only
    /// such axes go into the cell's label. Cells that differ only in one axis share a group.
    /// </summary>
    private static bool[,] Relevance(List<int[]> cells, string[] idOfCell, int axes)
    {
        var matters = new bool[cells.Count, axes];
        for (var a = 0; a < axes; a++)
        {
            var axis = a;
            var groups = Enumerable.Range(0, cells.Count)
                .GroupBy(c => string.Join(',', cells[c].Select((v, i) => i == axis ? -1 : v)));
            foreach (var group in groups)
            {
                if (group.Select(c => idOfCell[c]).Distinct().Skip(1).Any())
                {
                    foreach (var c in group)
                    {
                        matters[c, a] = true;
                    }
                }
            }
        }

        return matters;
    }

    private static List<int[]> Cells(int[] sizes)
    {
        var cells = new List<int[]> { Array.Empty<int>() };
        foreach (var size in sizes)
        {
            cells = cells.SelectMany(prefix => Enumerable.Range(0, size).Select(v => prefix.Append(v).ToArray())).ToList();
        }

        return cells;
    }

    // The shortest path suffix that no other axis shares, never starting at a list index (layers.1.rate, not 1.rate).
    private static string[] ShortNames(IReadOnlyList<GridAxis> axes)
    {
        var segments = axes.Select(axis => axis.Path.Split('.')).ToArray();
        var names = new string[axes.Count];
        for (var a = 0; a < axes.Count; a++)
        {
            for (var take = 1; take <= segments[a].Length; take++)
            {
                if (take < segments[a].Length && int.TryParse(segments[a][^take], out _))
                {
                    continue;
                }

                names[a] = string.Join('.', segments[a][^take..]);
                var clash = segments.Where((s, b) => b != a && string.Join('.', s[^Math.Min(take, s.Length)..]) == names[a]).Any();
                if (!clash)
                {
                    break;
                }
            }
        }

        return names;
    }

}
