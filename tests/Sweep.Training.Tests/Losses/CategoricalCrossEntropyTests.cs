using Sweep.Training.Losses;
using Sweep.Training.Specs;
using Sweep.Training.Sweeps;
using Sweep.Training.Torch;
using static TorchSharp.torch;

namespace Sweep.Training.Tests.Losses;

public sealed class CategoricalCrossEntropyTests
{
    [Fact]
    public void Row_KnownLogits_IsLogSumExpMinusTheTargetLogit()
    {
        var loss = new CategoricalCrossEntropy();
        float[] logits = [1f, 2f, 0.5f];

        var (value, correct) = loss.Row(logits, 0);

        Assert.Equal(Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(0.5)) - 1, value, 1e-12);
        Assert.False(correct);
        Assert.True(loss.Row(logits, 1).Correct);
    }

    [Fact]
    public void Mean_AgreesWithRowLossesAndCountsArgmaxHits()
    {
        var loss = new CategoricalCrossEntropy();
        using var logits = tensor(new float[] { 1, 2, 0.5f, -1, 0, 3 }, [2, 3]);
        using var labels = tensor(new float[] { 1, 0 }, [2, 1]);

        var mean = loss.Mean(logits, labels).item<float>();
        var correct = loss.Correct(logits, labels).item<long>();

        var expected = (loss.Row([1f, 2f, 0.5f], 1).Loss + loss.Row([-1f, 0f, 3f], 0).Loss) / 2;
        Assert.Equal(expected, mean, 1e-6);
        Assert.Equal(1, correct);
    }

    [Fact]
    public void Train_ThreeBlobs_SeparatesThemAndIsDeterministic()
    {
        const string text = """
            trial:
              dataset: {kind: blobs, samples: 150, centers: 3, random_state: 1, test_fraction: 0.3}
              layers:
                - {type: dense, units: 16, activation: relu}
                - {type: dense, units: 3, activation: softmax}
              loss: sparse_categorical_crossentropy
              epochs: 60
            """;
        var spec = SweepPlan.Expand(SweepFile.Parse(text, "blobs.yaml")).Configurations.Single().Spec;

        var first = new TorchTrainer().Train(spec, 2, null, default);
        var second = new TorchTrainer().Train(spec, 2, null, default);

        Assert.True(first.TestAccuracy > 0.9, $"test accuracy {first.TestAccuracy}");
        Assert.Equal(first.History.ValLoss, second.History.ValLoss);
        Assert.True(first.History.Loss[^1] < first.History.Loss[0]);
    }

    [Theory]
    [InlineData("{type: dense, units: 3, activation: softmax}", "binary_crossentropy", "t.yaml: trial.layers: binary_crossentropy needs a final dense layer with 1 unit")]
    [InlineData("{type: dense, units: 1, activation: sigmoid}", "binary_crossentropy", "t.yaml: trial.layers: binary_crossentropy is for two classes; the dataset has 3: use sparse_categorical_crossentropy with a softmax layer of 3 units")]
    [InlineData("{type: dense, units: 4, activation: softmax}", "categorical_crossentropy", "t.yaml: trial.layers: the final layer has 4 units but the dataset has 3 classes")]
    [InlineData("{type: dense, units: 3, activation: sigmoid}", "sparse_categorical_crossentropy", "t.yaml: trial.layers: sparse_categorical_crossentropy needs a final dense layer with one unit per class (at least 2) and a softmax")]
    public void Parse_OutputNotMatchingLossOrData_IsRejected(string output, string loss, string expected)
    {
        var text = $"trial:\n  dataset: {{kind: blobs, centers: 3, train_rows: 50}}\n  layers:\n    - {{type: dense, units: 8, activation: relu}}\n    - {output}\n  loss: {loss}\n  epochs: 1\n";

        var error = Assert.Throws<SweepFileException>(() => SweepPlan.Expand(SweepFile.Parse(text, "t.yaml")));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Train_BinaryModelOnCsvWithThreeClasses_FailsNamingTheLabel()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sweep-three-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "a,label\n1,0\n2,1\n3,2\n4,0\n");
        try
        {
            var spec = new TrialSpec(
                new DatasetSpec(DatasetKind.Csv, null, null, 0, null, 2, Path: path, Features: ["a"], Label: "label"),
                [new DenseSpec(1, Activation.Sigmoid, null)],
                LossFactory.Binary,
                OptimizerSpec.Adam(),
                1,
                32);

            var error = Assert.Throws<Sweep.Training.Datasets.DataContentException>(() => new TorchTrainer().Train(spec, 0, null, default));

            Assert.Equal("the data has label 2 but the model outputs 2 classes (0 to 1)", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
