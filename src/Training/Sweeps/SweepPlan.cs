using System.Security.Cryptography;
using System.Text;
using Sweep.Training.Datasets;
using Sweep.Training.Specs;

namespace Sweep.Training.Sweeps;

/// <summary>
/// A sweep ready to run: its distinct configurations and seeds. The id is the name plus a hash of
/// what will be trained, so running the same file again resumes the same sweep. <see cref="BaselineId"/> is the
/// configuration the others are compared with, if any; <see cref="Metric"/> is what the sweep ranks (and races) by.
/// </summary>
public sealed record SweepPlan(string Id, SweepDefinition Definition, IReadOnlyList<SweepConfiguration> Configurations, Metric Metric, string? BaselineId = null)
{
    /// <summary>Every (configuration, seed) trial.</summary>
    public int TrialCount => Configurations.Count * Definition.Seeds.Count;

    /// <summary>
    /// Expands a parsed sweep file into its configurations, checking every grid cell, so that a sweep that starts can run
    /// to the end. Its data files are read where <paramref name="files"/> says (by default at their paths).
    /// </summary>
    /// <exception cref="SweepFileException">A configuration is invalid, or the sweep's settings do not fit its configurations.</exception>
    /// <exception cref="GridLimitException">The sweep has more than <paramref name="maxTrials"/> trials; it was not expanded further.</exception>
    public static SweepPlan Expand(SweepDefinition definition, DataFiles? files = null, int? maxTrials = null)
    {
        try
        {
            var (configurations, baselineId) = GridExpander.Expand(definition, files, maxTrials);
            if (definition.Race is not null && configurations.Count < 2)
            {
                throw new SpecException("race", $"a race needs 2 configurations at least; the grid has {configurations.Count}");
            }

            if (definition.Race is { Confirm: > 0 } && baselineId is null)
            {
                throw new SpecException("race.confirm", "a confirmation compares the race's survivors with the baseline, and the sweep has none; name one (baseline:) or remove confirm");
            }

            var metric = RankingMetric(definition, configurations);
            var content = string.Join("\n", configurations.Select(c => c.Id)) + "\n" + string.Join(",", definition.Seeds);
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..8];
            return new SweepPlan($"{definition.Name}-{hash}", definition, configurations, metric, baselineId);
        }
        catch (SpecException e)
        {
            throw new SweepFileException(definition.File, e.Message, e);
        }
    }

    /// <summary>
    /// What the sweep ranks (and races) by. Selection is made on validation rows where the datasets set some aside
    /// (<c>validation_rows</c>, <c>validation_fraction</c>): the default is then val_accuracy, and a race may not decide on
    /// the test rows. Without them the default is test_accuracy (the tutorial validates on its test rows, as Keras's
    /// <c>validation_data</c> did), and the validation metrics have nothing to score.
    /// </summary>
    private static Metric RankingMetric(SweepDefinition definition, IReadOnlyList<SweepConfiguration> configurations)
    {
        var count = configurations.Count;
        var validated = configurations.Count(configuration => configuration.Spec.Dataset.HasValidation);
        if (validated != 0 && validated != count)
        {
            throw new SpecException(
                "trial.dataset",
                $"{validated} of the {count} configurations set training rows aside to validate (validation_rows or validation_fraction) and the others do not; rankings on different rows do not compare: give every configuration a validation split, or none");
        }

        var validation = count > 0 && validated == count;
        if (definition.Metric is null)
        {
            return validation ? Metric.ValAccuracy : Metric.TestAccuracy;
        }

        var metric = Metric.Find(definition.Metric)!;
        if (metric.NeedsValidation && !validation)
        {
            throw new SpecException("metric", $"{metric.Name} is scored on validation rows, and the dataset sets none aside; add dataset.validation_fraction or dataset.validation_rows, or rank by test_accuracy");
        }

        if (definition.Race is not null && validation && metric.OnTestRows)
        {
            throw new SpecException("metric", $"a race decides on its metric, and {metric.Name} is scored on the test rows, which the dataset keeps apart from its validation rows; race on val_accuracy or val_loss (the test metrics are reported beside them)");
        }

        return metric;
    }
}
