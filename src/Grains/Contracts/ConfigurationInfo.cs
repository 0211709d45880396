namespace Sweep.Grains.Contracts;

/// <summary>
/// One configuration of a sweep: its id, the grid values that name it (as a label and as a JSON object keyed by the names
/// the label uses; null for a sweep stored before settings were), its canonical JSON.
/// </summary>
[GenerateSerializer]
[Alias("Sweep.ConfigurationInfo")]
public sealed record ConfigurationInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Label,
    [property: Id(2)] string SpecJson,
    [property: Id(3)] string? SettingsJson = null)
{
    /// <summary>Whether its dataset sets training rows aside to validate: its per-epoch val_* are on those rows, not the test rows.</summary>
    public bool HasValidationRows =>
        System.Text.Json.Nodes.JsonNode.Parse(SpecJson)?["dataset"] is System.Text.Json.Nodes.JsonObject dataset
        && (dataset.ContainsKey("validation_rows") || dataset.ContainsKey("validation_fraction"));
}
