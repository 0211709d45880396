using System.Security.Cryptography;
using System.Text;

namespace Sweep.Training.Sweeps;

/// <summary>
/// A sweep ready to run: its distinct configurations and seeds. The id is the name plus a hash of
/// what will be trained, so running the same file again resumes the same sweep. <see cref="BaselineId"/> is the
/// configuration the others are compared with, if any.
/// </summary>
public sealed record SweepPlan(string Id, SweepDefinition Definition, IReadOnlyList<SweepConfiguration> Configurations, string? BaselineId = null)
{
    /// <summary>Every (configuration, seed) trial.</summary>
    public int TrialCount => Configurations.Count * Definition.Seeds.Count;

    /// <summary>Expands a definition, reading its data files where <paramref name="files"/> says (by default at their paths).</summary>
    /// <exception cref="GridLimitException">The sweep has more than <paramref name="maxTrials"/> trials.</exception>
    public static SweepPlan Create(SweepDefinition definition, Datasets.DataFiles? files = null, int? maxTrials = null)
    {
        var (configurations, baselineId) = GridExpander.Expand(definition, files, maxTrials);
        if (definition.Race is not null && configurations.Count < 2)
        {
            throw new Specs.SpecException("race", $"a race needs 2 configurations at least; the grid has {configurations.Count}");
        }

        var content = string.Join("\n", configurations.Select(c => c.Id)) + "\n" + string.Join(",", definition.Seeds);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..8];
        return new SweepPlan($"{definition.Name}-{hash}", definition, configurations, baselineId);
    }
}
