using System.Globalization;
using System.Text.Json.Nodes;
using Sweep.Training.Sweeps;

namespace Sweep.Grains.ResultsStore;

/// <summary>A race's settings as the <c>sweeps.race</c> column keeps them: the sweep file's keys, as JSON.</summary>
public static class RaceSettings
{
    public static string Write(RaceDefinition race)
    {
        ArgumentNullException.ThrowIfNull(race);
        return new JsonObject
        {
            ["min_seeds"] = race.MinSeeds,
            ["max_seeds"] = race.MaxSeeds,
            ["round_seeds"] = race.RoundSeeds,
            ["alpha"] = race.Alpha,
            ["margin"] = race.Margin,
            ["confirm"] = race.Confirm,
        }.ToJsonString();
    }

    /// <exception cref="InvalidDataException">The text is not a race's settings.</exception>
    public static RaceDefinition Read(string json)
    {
        try
        {
            var race = JsonNode.Parse(json)!.AsObject();
            return new RaceDefinition(
                (int)race["min_seeds"]!, (int)race["max_seeds"]!, (int)race["round_seeds"]!, (double)race["alpha"]!, (double)race["margin"]!, (int?)race["confirm"] ?? 0);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"a sweep's race settings are not readable: {json}"), e);
        }
    }
}
