using Sweep.Training.Datasets;
using Sweep.Training.Engine;
using Sweep.Training.Specs;
using Sweep.Training.Sweeps;

namespace Sweep.Training.Tests.Sweeps;

/// <summary>
/// A validation split: training rows set aside (the last validation_rows, or a seeded stratified validation_fraction),
/// on which the per-epoch val_* metrics, callbacks and the default ranking are computed; the test rows are scored once
/// at the end. Without one the sweep ranks on the test rows, as the tutorial does.
/// </summary>
public sealed class ValidationSplitTests
{
    private const string Sweep = """
        name: study
        seeds: 2
        trial:
          dataset: {kind: moons, samples: 200, noise: 0.2, random_state: 3, test_fraction: 0.25}
          layers:
            - {type: dense, units: 16, activation: relu}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 5
          batch_size: 16
        grid:
          layers.0.units: [8, 16]
        """;

    [Fact]
    public void LoadRows_ValidationRows_AreTheLastTrainingRows()
    {
        var spec = Dataset("{kind: circles, samples: 100, noise: 0.1, random_state: 1, train_rows: 30, validation_rows: 6}");
        var points = DatasetLoader.Read(spec);

        var rows = DatasetLoader.LoadRows(spec);

        Assert.Equal(24, rows.TrainRows);
        Assert.Equal(Enumerable.Range(24, 6).Select(r => (float)points.Labels[r]), rows.ValidationY);
        Assert.Equal(Enumerable.Range(24, 6).SelectMany(r => points.Features[r].Select(v => (float)v)), rows.ValidationX);
        Assert.Equal(Enumerable.Range(0, 24).Select(r => (float)points.Labels[r]), rows.TrainY);
        Assert.Equal(70, rows.TestY.Length);
    }

    [Fact]
    public void CarveValidation_Fraction_IsStratifiedSeededAndDisjoint()
    {
        var spec = Dataset("{kind: moons, samples: 200, noise: 0.2, random_state: 3, test_fraction: 0.25, validation_fraction: 0.2}");
        var points = DatasetLoader.Read(spec);
        var (rest, test) = DatasetLoader.Split(spec, points);

        var (train, validation) = DatasetLoader.CarveValidation(spec, points.Labels, rest);
        var again = DatasetLoader.CarveValidation(spec, points.Labels, rest);

        Assert.Equal(train, again.Train);
        Assert.Equal(validation, again.Validation);
        Assert.Empty(train.Intersect(validation));
        Assert.Empty(validation.Intersect(test));
        Assert.Equal(rest.Order(), train.Concat(validation).Order());
        foreach (var label in new[] { 0, 1 })
        {
            var inRest = rest.Count(r => points.Labels[r] == label);
            Assert.Equal((int)Math.Ceiling(0.2 * inRest), validation.Count(r => points.Labels[r] == label));
        }
    }

    [Fact]
    public void LoadRows_Standardize_UsesOnlyTheRowsThatTrain()
    {
        var spec = Dataset("{kind: circles, samples: 100, noise: 0.1, random_state: 1, train_rows: 30, validation_rows: 10, standardize: true}");

        var rows = DatasetLoader.LoadRows(spec);

        for (var c = 0; c < rows.Features; c++)
        {
            var column = Enumerable.Range(0, rows.TrainRows).Select(r => (double)rows.TrainX[(r * rows.Features) + c]).ToArray();
            Assert.Equal(0, column.Average(), 5);
        }

        var validationMean = Enumerable.Range(0, 10).Average(r => (double)rows.ValidationX[r * rows.Features]);
        Assert.NotEqual(0, validationMean, 3);
    }

    [Fact]
    public void Train_WithValidation_LogsValidationRowsEachEpochAndScoresTestOnce()
    {
        var plan = SweepPlan.Expand(SweepFile.Parse(Sweep.Replace("test_fraction: 0.25", "test_fraction: 0.25, validation_fraction: 0.25", StringComparison.Ordinal), "t.yaml"));
        var spec = plan.Configurations[0].Spec;

        var result = new AutoTrainer().Train(spec, 1, null, CancellationToken.None);

        Assert.Equal(result.ValAccuracy, result.History.ValAccuracy[^1], 6);
        Assert.Equal(result.ValLoss, result.History.ValLoss[^1], 5);
        Assert.True(double.IsFinite(result.TestAccuracy));
        Assert.NotEqual(result.TestLoss, result.ValLoss);
    }

    [Fact]
    public void Train_WithoutValidation_LogsTheTestRowsAndHasNoValidationMetrics()
    {
        var spec = SweepPlan.Expand(SweepFile.Parse(Sweep, "t.yaml")).Configurations[0].Spec;

        var result = new AutoTrainer().Train(spec, 1, null, CancellationToken.None);

        Assert.True(double.IsNaN(result.ValAccuracy));
        Assert.True(double.IsNaN(result.ValLoss));
        Assert.Equal(result.TestAccuracy, result.History.ValAccuracy[^1], 6);
    }

    [Theory]
    [InlineData("", "test_accuracy")]
    [InlineData("validation_fraction: 0.2", "val_accuracy")]
    [InlineData("validation_rows: 20", "val_accuracy")]
    public void Parse_WithoutMetric_RanksOnValidationRowsWhereThereAreSome(string split, string metric)
    {
        var text = split.Length == 0 ? Sweep : Sweep.Replace("test_fraction: 0.25", $"test_fraction: 0.25, {split}", StringComparison.Ordinal);

        Assert.Equal(metric, SweepPlan.Expand(SweepFile.Parse(text, "t.yaml")).Metric.Name);
    }

    [Theory]
    [InlineData("seeds: 2", "seeds: 2\nmetric: val_loss", "t.yaml: metric: val_loss is scored on validation rows, and the dataset sets none aside; add dataset.validation_fraction or dataset.validation_rows, or rank by test_accuracy")]
    [InlineData("test_fraction: 0.25", "test_fraction: 0.25, validation_rows: 10, validation_fraction: 0.1", "t.yaml: trial.dataset.validation_rows: give either validation_rows (the last training rows validate) or validation_fraction (a seeded stratified part of the training rows), not both")]
    [InlineData("test_fraction: 0.25", "test_fraction: 0.25, validation_fraction: 1", "t.yaml: trial.dataset.validation_fraction: 1 is out of range; allowed: > 0 and < 1")]
    [InlineData("test_fraction: 0.25", "test_fraction: 0.25, validation_rows: 0", "t.yaml: trial.dataset.validation_rows: 0 is out of range; allowed: >= 1")]
    [InlineData("test_fraction: 0.25", "train_rows: 30, validation_rows: 30", "t.yaml: trial.dataset.validation_rows: 30 is out of range; allowed: 1 to 29")]
    [InlineData("layers.0.units: [8, 16]", "dataset: [{kind: moons, samples: 200, random_state: 3, test_fraction: 0.25, validation_fraction: 0.1}, {kind: moons, samples: 200, random_state: 3, test_fraction: 0.25}]", "t.yaml: trial.dataset: 1 of the 2 configurations set training rows aside to validate (validation_rows or validation_fraction) and the others do not; rankings on different rows do not compare: give every configuration a validation split, or none")]
    [InlineData("seeds: 2", "race: {min_seeds: 3, max_seeds: 6}\nmetric: test_accuracy", "t.yaml: metric: a race decides on its metric, and test_accuracy is scored on the test rows, which the dataset keeps apart from its validation rows; race on val_accuracy or val_loss (the test metrics are reported beside them)")]
    public void Parse_BadValidationSetting_NamesItAndWhatIsAllowed(string find, string replace, string expected)
    {
        var text = Sweep.Replace(find, replace.Replace("\\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        if (expected.Contains("race", StringComparison.Ordinal))
        {
            text = text.Replace("test_fraction: 0.25", "test_fraction: 0.25, validation_fraction: 0.2", StringComparison.Ordinal);
        }

        var error = Assert.Throws<SweepFileException>(() => SweepPlan.Expand(SweepFile.Parse(text, "t.yaml")));

        Assert.Equal(expected, error.Message);
    }

    [Theory]
    [InlineData("{kind: moons, samples: 40, noise: 0.2, random_state: 3, test_fraction: 0.5, validation_rows: 20}", "t.yaml: trial.dataset.validation_rows: validation_rows is 20 but there are only 20 training rows; at least one must train")]
    public void Parse_ValidationLeavingARowlessLabelOrNoRow_IsRefusedBeforeAnyTrial(string dataset, string expected)
    {
        var error = Assert.Throws<SweepFileException>(() => Dataset(dataset));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Parse_ValidationFractionTakingEveryRowOfALabel_IsRefusedNamingTheLabel()
    {
        // Three training rows of two blobs: a label has one of them, and 60% of one or two, rounded up, is all.
        const string dataset = "{kind: blobs, samples: 40, centers: 2, random_state: 3, train_rows: 3, validation_fraction: 0.6}";
        var labels = DatasetLoader.Read(Dataset(dataset.Replace(", validation_fraction: 0.6", "", StringComparison.Ordinal))).Labels[..3];
        var gone = labels.Distinct().Order().First(label => labels.Count(l => l == label) <= 2);

        var error = Assert.Throws<SweepFileException>(() => Dataset(dataset));

        Assert.Equal(
            $"t.yaml: trial.dataset.validation_fraction: validation_fraction 0.6 sets aside every training row of label {gone} ({labels.Count(l => l == gone)} of them, the share rounded up), so it would never train; use a smaller fraction or validation_rows",
            error.Message);
    }

    // The sweep's one configuration's dataset, without the grid.
    private static DatasetSpec Dataset(string dataset)
    {
        var text = Sweep[..Sweep.IndexOf("grid:", StringComparison.Ordinal)];
        return SweepPlan.Expand(SweepFile.Parse(text.Replace("{kind: moons, samples: 200, noise: 0.2, random_state: 3, test_fraction: 0.25}", dataset, StringComparison.Ordinal), "t.yaml")).Configurations[0].Spec.Dataset;
    }
}
