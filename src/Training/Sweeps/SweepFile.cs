using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sweep.Training.Files;
using Sweep.Training.Specs;
using YamlDotNet.Core;

namespace Sweep.Training.Sweeps;

/// <summary>
/// Reads sweep files into <see cref="SweepDefinition"/>s: the YAML and every setting of the file itself are checked
/// here, before anything is expanded. The trials are checked when <see cref="SweepPlan.Expand"/> builds every grid cell.
/// </summary>
public static partial class SweepFile
{
    /// <summary>The most grid combinations (the product of the grid's value counts) a sweep may have.</summary>
    public const int MaxCombinations = 1_000_000;

    /// <summary>The most trials (combinations x seeds) a sweep may have.</summary>
    public const int MaxTrials = 10_000_000;

    private static readonly string[] TopLevelKeys = ["name", "description", "seeds", "race", "metric", "retries", "trial_time_limit", "baseline", "trial", "grid"];

    /// <summary>Reads a sweep file from disk and parses it.</summary>
    /// <exception cref="SweepFileException">The file is missing or invalid.</exception>
    public static SweepDefinition Load(string path, SweepOverrides? overrides = null) => Parse(ReadText(path), path, overrides);

    /// <summary>Reads a sweep file's text; the error names the file.</summary>
    /// <exception cref="SweepFileException">The file cannot be read.</exception>
    public static string ReadText(string path)
    {
        if (InputFile.Problem(path, InputFile.MaxSweepFileBytes, "a sweep file") is { } problem)
        {
            throw new SweepFileException(path, problem);
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SweepFileException(path, $"cannot be read: {e.Message}", e);
        }
    }

    /// <summary>
    /// Parses the text of the file at <paramref name="file"/>, which names it in errors; its name is the sweep's default
    /// name, and its folder is where relative data paths start. Nothing is expanded and no data file is read.
    /// </summary>
    /// <exception cref="SweepFileException">The text is not a valid sweep.</exception>
    public static SweepDefinition Parse(string text, string file, SweepOverrides? overrides = null)
    {
        JsonNode? root;
        try
        {
            root = YamlToJson.Convert(text);
        }
        catch (YamlException e)
        {
            throw new SweepFileException(file, $"line {e.Start.Line}, column {e.Start.Column}: invalid YAML: {e.InnerException?.Message ?? e.Message}", e);
        }

        try
        {
            var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(file));
            return Read(root, file, overrides ?? SweepOverrides.None) with { BaseDirectory = baseDirectory };
        }
        catch (SpecException e)
        {
            throw new SweepFileException(file, e.Message, e);
        }
    }

    private static SweepDefinition Read(JsonNode? root, string file, SweepOverrides overrides)
    {
        if (root is not JsonObject document)
        {
            throw new SpecException("", "a sweep file is a mapping with the keys " + string.Join(", ", TopLevelKeys));
        }

        var reader = new SpecObject(document, "");
        reader.Allow(TopLevelKeys);
        var name = reader.Text("name") ?? Slug(Path.GetFileNameWithoutExtension(file));
        if (!NamePattern().IsMatch(name))
        {
            throw new SpecException("name", $"'{name}' is not allowed; use 1 to 64 lowercase letters, digits, '-' or '_', starting with a letter or digit");
        }

        var description = reader.Text("description");
        var race = reader.Has("race") ? ReadRace(reader.Object("race")) : null;
        if (race is not null && reader.Has("seeds"))
        {
            throw new SpecException("seeds", "a raced sweep's seeds are 0 to race.max_seeds less one; remove seeds");
        }

        if (race is not null && overrides.Seeds is not null)
        {
            throw new SpecException("race", "--seeds does not apply to a raced sweep; change race.max_seeds instead");
        }

        var seeds = race is not null ? Enumerable.Range(0, race.Seeds).ToArray() : ReadSeeds(reader, document["seeds"]);
        if (overrides.Seeds is { } count)
        {
            seeds = Enumerable.Range(0, count).ToArray();
        }

        var metric = reader.Has("metric") ? reader.Choice("metric", null, Metric.All.Select(m => m.Name).ToArray()) : null;
        var retries = reader.Int("retries", SweepDefinition.DefaultRetries, 0, 10);
        double? timeLimit = reader.Has("trial_time_limit") ? reader.Double("trial_time_limit", null, 0, 7 * 24 * 3600, minExclusive: true) : null;
        _ = reader.Object("trial");
        var trialNode = (JsonObject)document["trial"]!;

        var grid = reader.Has("grid") ? ReadGrid(reader.Object("grid"), (JsonObject)document["grid"]!) : [];
        var baseline = reader.Has("baseline") ? ReadBaseline(document["baseline"], grid) : null;
        reader.EnsureNoUnknownKeys();

        var baseTrial = (JsonObject)trialNode.DeepClone();
        if (overrides.Epochs is { } epochs)
        {
            baseTrial["epochs"] = epochs;
            grid = grid.Where(axis => axis.Path != "epochs").ToArray();
            if (baseline is { IsNone: false } && baseline.Settings.Any(setting => setting.Key == "epochs"))
            {
                var rest = baseline.Settings.Where(setting => setting.Key != "epochs").ToArray();
                baseline = rest.Length == 0 ? null : new BaselineChoice(rest);
            }
        }

        CheckSize(grid, seeds.Length);
        return new SweepDefinition(file, name, description, baseTrial, grid, seeds, metric, Retries: retries, TrialTimeLimit: timeLimit, Baseline: baseline, Race: race);
    }

    // The race's settings: its rounds of seeds and its error control (RaceDefinition).
    private static RaceDefinition ReadRace(SpecObject race)
    {
        race.Allow("min_seeds", "max_seeds", "round_seeds", "alpha", "margin", "confirm");
        var maxSeeds = race.Int("max_seeds", null, 3, 10_000);
        var minSeeds = race.Int("min_seeds", null, 2, maxSeeds - 1);
        var roundSeeds = race.Int("round_seeds", RaceDefinition.DefaultRoundSeeds, 1, maxSeeds - minSeeds);
        var alpha = race.Double("alpha", RaceDefinition.DefaultAlpha, 0, 0.5, minExclusive: true);
        var margin = race.Double("margin", RaceDefinition.DefaultMargin, 0);
        var confirm = race.Int("confirm", 0, 0, 10_000);
        if (confirm == 1)
        {
            throw new SpecException(race.KeyPath("confirm"), "1 seed cannot be compared with the baseline (Welch's test needs 2 at least); allowed: 0 (no confirmation) or 2 to 10000");
        }

        return new RaceDefinition(minSeeds, maxSeeds, roundSeeds, alpha, margin, confirm);
    }

    // 'none', or grid settings with one of each axis's values: which cells they pick is the grid expander's business.
    private static BaselineChoice ReadBaseline(JsonNode? node, IReadOnlyList<GridAxis> grid)
    {
        if (node is JsonValue value && value.TryGetValue<string>(out var text) && text == "none")
        {
            return BaselineChoice.None;
        }

        if (node is not JsonObject settings || settings.Count == 0)
        {
            throw new SpecException("baseline", "is 'none' or a mapping of grid settings to one of their values, such as {layers.0.activity_regularizer.kind: none}");
        }

        var chosen = new List<KeyValuePair<string, JsonNode?>>();
        foreach (var (rawPath, setting) in settings)
        {
            var path = GridExpander.NormalizePath(rawPath);
            var axis = grid.FirstOrDefault(a => a.Path == path)
                ?? throw new SpecException($"baseline.{rawPath}", grid.Count == 0
                    ? "is not a grid setting: the file has no grid"
                    : $"is not a grid setting; the grid sets {string.Join(", ", grid.Select(a => a.Path))}");
            var index = axis.Values.ToList().FindIndex(v => GridExpander.SameValue(v, setting));
            if (index < 0)
            {
                throw new SpecException($"baseline.{rawPath}", $"{GridExpander.Format(setting)} is not one of the grid's values: {string.Join(", ", axis.Values.Select(GridExpander.Format))}");
            }

            chosen.Add(KeyValuePair.Create(path, axis.Values[index]?.DeepClone()));
        }

        return new BaselineChoice(chosen);
    }

    private static int[] ReadSeeds(SpecObject reader, JsonNode? node)
    {
        if (node is JsonArray list)
        {
            _ = reader.Array("seeds");
            var seeds = new int[list.Count];
            for (var i = 0; i < list.Count; i++)
            {
                var item = new SpecObject(new JsonObject { [$"{i}"] = list[i]?.DeepClone() }, "seeds");
                seeds[i] = item.Int($"{i}", null, 0);
            }

            if (seeds.Length == 0 || seeds.Distinct().Count() != seeds.Length)
            {
                throw new SpecException("seeds", "needs at least one seed and no seed twice");
            }

            return seeds;
        }

        return Enumerable.Range(0, reader.Int("seeds", 1, 1, SweepDefinition.MaxSeeds)).ToArray();
    }

    /// <summary>
    /// The grid's size is known before anything is expanded: the product of its settings' value counts. A grid above
    /// <see cref="MaxCombinations"/>, or a sweep above <see cref="MaxTrials"/>, is refused here, before its cells are built.
    /// </summary>
    private static void CheckSize(IReadOnlyList<GridAxis> grid, int seeds)
    {
        var combinations = grid.Aggregate(1.0, (product, axis) => product * axis.Values.Count);
        var counts = string.Join(" x ", grid.Select(axis => axis.Values.Count));
        if (combinations > MaxCombinations)
        {
            throw new SpecException("grid", string.Create(CultureInfo.InvariantCulture, $"{counts} values make {combinations:0} combinations, above the limit of {MaxCombinations} a sweep may have; split the study into several sweeps"));
        }

        if (combinations * seeds > MaxTrials)
        {
            throw new SpecException("seeds", string.Create(CultureInfo.InvariantCulture, $"{combinations:0} grid combinations x {seeds} seeds = {combinations * seeds:0} trials, above the limit of {MaxTrials} a sweep may have"));
        }
    }

    private static GridAxis[] ReadGrid(SpecObject reader, JsonObject grid)
    {
        var axes = new List<GridAxis>();
        foreach (var (rawPath, _) in grid)
        {
            var path = GridExpander.NormalizePath(rawPath);
            var values = reader.Array(rawPath);
            if (axes.Any(axis => axis.Path == path))
            {
                throw new SpecException($"grid.{rawPath}", $"names the setting {path} a second time");
            }

            if (values.Count == 0)
            {
                throw new SpecException($"grid.{rawPath}", "needs at least one value");
            }

            axes.Add(new GridAxis(path, values.Select(value => value?.DeepClone()).ToArray()));
        }

        return axes.ToArray();
    }

    private static string Slug(string name)
    {
        var slug = SlugPattern().Replace(name.ToLowerInvariant(), "-").Trim('-');
        return slug.Length == 0 ? "sweep" : slug[..Math.Min(slug.Length, 64)];
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("[^a-z0-9_-]+")]
    private static partial Regex SlugPattern();
}
