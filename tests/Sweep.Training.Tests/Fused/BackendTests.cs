using Sweep.Training.Engine;
using Sweep.Training.Fused;
using Sweep.Training.Specs;
using Sweep.Training.Sweeps;

namespace Sweep.Training.Tests.Fused;

public sealed class BackendTests
{
    private const string Dense = """
        name: backend
        trial:
          dataset: {kind: circles, samples: 100, noise: 0.1, random_state: 1, train_rows: 30}
          layers:
            - {type: dense, units: 8, activation: relu}
            - {type: dropout, rate: 0.2}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 5

        """;

    private const string Convolutional = """
        name: backend
        trial:
          dataset: {kind: blobs, samples: 60, centers: 2, n_features: 16, train_rows: 40}
          layers:
            - {type: reshape, target_shape: [4, 4, 1]}
            - {type: conv2d, filters: 2, kernel_size: [3, 3], activation: relu}
            - {type: flatten}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 2

        """;

    [Fact]
    public void Choose_DenseModel_IsFusedUnlessTorchIsAskedFor()
    {
        var auto = Spec(Dense);
        var torch = Spec(Dense.Replace("epochs: 5", "epochs: 5\n  backend: torch", StringComparison.Ordinal));

        Assert.Null(auto.Backend);
        Assert.Equal(TrainingBackend.Fused, AutoTrainer.Choose(auto));
        Assert.Equal(TrainingBackend.Torch, AutoTrainer.Choose(torch));
        Assert.Equal("fused", new AutoTrainer().Train(auto, 1, null, default).Backend);
        Assert.Equal("torch", new AutoTrainer().Train(torch, 1, null, default).Backend);
    }

    [Fact]
    public void Choose_ConvolutionalModel_IsTorch()
    {
        var spec = Spec(Convolutional);

        Assert.Equal(TrainingBackend.Torch, AutoTrainer.Choose(spec));
        Assert.Equal("layers.0 is a reshape layer; the fused path trains dense, activation, dropout and flatten layers", FusedPath.WhyNot(spec));
    }

    [Fact]
    public void CanonicalJson_AutoIsLeftOutAndAnExplicitBackendIsAnotherConfiguration()
    {
        var auto = SweepPlan.Expand(SweepFile.Parse(Dense, "b.yaml")).Configurations.Single();
        var fused = SweepPlan.Expand(SweepFile.Parse(Dense.Replace("epochs: 5", "epochs: 5\n  backend: fused", StringComparison.Ordinal), "b.yaml")).Configurations.Single();

        Assert.DoesNotContain("backend", auto.SpecJson, StringComparison.Ordinal);
        Assert.Contains("\"backend\":\"fused\"", fused.SpecJson, StringComparison.Ordinal);
        Assert.NotEqual(auto.Id, fused.Id);
        Assert.Equal(fused.SpecJson, TrialSpecJson.Write(TrialSpecJson.Parse(fused.SpecJson)));
    }

    [Theory]
    [InlineData("backend: fused", "b.yaml: trial.backend: fused cannot train this model: layers.0 is a reshape layer; the fused path trains dense, activation, dropout and flatten layers; use auto or torch")]
    [InlineData("backend: gpu", "b.yaml: trial.backend: 'gpu' is not allowed; allowed: auto, torch, fused")]
    public void Parse_InvalidBackend_NamesTheProblem(string setting, string expected)
    {
        var error = Assert.Throws<SweepFileException>(() => SweepPlan.Expand(SweepFile.Parse(Convolutional.Replace("epochs: 2", "epochs: 2\n  " + setting, StringComparison.Ordinal), "b.yaml")));

        Assert.Equal(expected, error.Message);
    }

    private static TrialSpec Spec(string text) => SweepPlan.Expand(SweepFile.Parse(text, "b.yaml")).Configurations.Single().Spec;
}
