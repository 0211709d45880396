using System.Text.Json.Nodes;
using Sweep.Training.Sweeps;

namespace Sweep.Training.Tests.Sweeps;

/// <summary>
/// A sweep file parsed and expanded today is the sweep an earlier Sweep stored from it: the same id, configurations (ids,
/// labels, canonical JSON), baseline and metric, so that running the file again resumes the stored sweep.
/// </summary>
public sealed class StoredSweepPlanTests
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "store-v0");

    [Fact]
    public void Expand_FileOfAStoredSweep_GivesTheStoredIdsLabelsAndJson()
    {
        var stored = JsonNode.Parse(File.ReadAllText(Path.Combine(Fixture, "results.json")))!;

        var plan = SweepPlan.Expand(SweepFile.Load(Path.Combine(Fixture, "tiny.yaml")));

        Assert.Equal((string?)stored["sweep"]!["id"], plan.Id);
        Assert.Equal((string?)stored["sweep"]!["baseline_id"], plan.BaselineId);
        Assert.Equal((string?)stored["ranked_by"], plan.Metric.Name);
        Assert.Equal(
            stored["configurations"]!.AsArray().Select(c => ((string?)c!["id"], (string?)c["label"], c["spec"]!.ToJsonString())).OrderBy(c => c.Item1, StringComparer.Ordinal),
            plan.Configurations.Select(c => ((string?)c.Id, (string?)c.Label, c.SpecJson)).OrderBy(c => c.Item1, StringComparer.Ordinal));
    }
}
