using Sweep.Client.Output;
using Sweep.Grains.Contracts;
using Sweep.Grains.Results;
using Sweep.Training.Sweeps;

namespace Sweep.Client.Tests.Plots;

/// <summary>
/// A sweep's data without training: the real configurations of a sweep file, and trials whose metrics and histories
/// come from a formula, so that plots and reports can be checked against known numbers.
/// </summary>
internal static class SyntheticSweep
{
    public const string Circles = """
        name: synthetic
        seeds: 3
        trial:
          dataset: {kind: circles, samples: 100, noise: 0.1, random_state: 1, train_rows: 30}
          layers:
            - type: dense
              units: 8
              activation: relu
              activity_regularizer: {kind: none, l1: 1.0e-4}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 40
        grid:
          layers.0.activity_regularizer.kind: [none, l1]
          layers.0.activity_regularizer.placement: [before, after]
          layers.0.activity_regularizer.l1: [1.0e-4, 1.0e-3, 1.0e-2]

        """;

    /// <summary>
    /// How configuration c's test accuracy differs from the first's (the baseline of the default file) on every seed:
    /// the second is better, the third the same, the others worse by more and more.
    /// </summary>
    public static float Offset(int c) => c switch
    {
        0 or 2 => 0,
        1 => 0.1f,
        _ => -0.05f * c,
    };

    /// <summary>The data of <paramref name="yaml"/>'s sweep with every trial completed: configuration c, seed s.</summary>
    public static SweepData Create(string yaml = Circles, int epochs = 40)
    {
        var plan = SweepPlan.Expand(SweepFile.Parse(yaml, "synthetic.yaml"));
        var configurations = plan.Configurations.Select(c => new ConfigurationInfo(c.Id, c.Label, c.SpecJson, c.SettingsJson)).ToArray();
        var records = new List<TrialRecord>();
        for (var c = 0; c < configurations.Length; c++)
        {
            foreach (var seed in plan.Definition.Seeds)
            {
                var accuracy = Enumerable.Range(0, epochs).Select(e => (float)(0.5 + (0.4 * e / epochs) + (0.01 * seed))).ToArray();
                var testAccuracy = accuracy.Select(a => a + Offset(c)).ToArray();
                var loss = accuracy.Select(a => 1 - a).ToArray();
                var metrics = new TrialMetrics(accuracy[^1], testAccuracy[^1], loss[^1], 1 - testAccuracy[^1], 0.1 * (c + 1), 0.5 + (0.05 * c) + (0.01 * seed), 1 + seed);
                var outcome = new TrialOutcome(configurations[c].Id, seed, TrialState.Completed, metrics, null, $"silo-{seed % 2}", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(1 + seed));
                records.Add(new TrialRecord(outcome, loss, accuracy, loss.Select(l => l + 0.1f).ToArray(), testAccuracy, [.. accuracy.Select(_ => 0.001f)], []));
            }
        }

        var outcomes = records.Select(r => r.Outcome).ToArray();
        var ranking = Aggregation.Rank(configurations, outcomes, Metric.TestAccuracy, plan.BaselineId);
        var status = new SweepStatus(
            plan.Id, plan.Definition.Name, SweepState.Completed, configurations.Length, outcomes.Length, outcomes.Length, 0,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(1), Metric.TestAccuracy.Name, null, []);
        var report = new SweepReport(status, Metric.TestAccuracy.Name, ranking, outcomes, plan.BaselineId);
        return new SweepData(report, records, new SweepRequest("synthetic.yaml", yaml, null, null, null));
    }
}
