using Sweep.Training.Datasets;
using Sweep.Training.Engine;
using Sweep.Training.Specs;
using Sweep.Training.Sweeps;
using Sweep.Training.Torch;

namespace Sweep.Training.Tests.Engine;

/// <summary>Convolutional and recurrent models train, report their penalties, and are deterministic per seed.</summary>
public sealed class LayerTrainingTests
{
    // Two blobs of 16 features seen as 4x4 images; every weighted layer and every random draw (dropout) is used.
    private const string Convolutional = """
        trial:
          dataset: {kind: blobs, samples: 120, centers: 2, n_features: 16, cluster_std: 3, random_state: 1, train_rows: 80}
          layers:
            - {type: reshape, target_shape: [4, 4, 1]}
            - {type: conv2d, filters: 4, kernel_size: 2, padding: same, activation: relu, kernel_regularizer: {kind: l2}, activity_regularizer: {kind: l1, l1: 0.001}}
            - {type: max_pooling2d}
            - {type: flatten}
            - {type: dropout, rate: 0.3}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 15
          batch_size: 16
        """;

    private const string Recurrent = """
        trial:
          dataset: {kind: sine_waves, samples: 200, timesteps: 16, noise: 0.3, random_state: 2, train_rows: 100}
          layers:
            - {type: lstm, units: 8, dropout: 0.1, recurrent_dropout: 0.1, recurrent_regularizer: {kind: l2, l2: 0.001}, activity_regularizer: {kind: l2, l2: 0.001}}
            - {type: dense, units: 1, activation: sigmoid}
          optimizer: {name: adam, learning_rate: 0.02}
          epochs: 40
          batch_size: 20
        """;

    [Fact]
    public void Train_Lstm_LearnsTheSineWaveFrequency()
    {
        var result = new TorchTrainer().Train(Parse(Recurrent), 0, null, default);

        Assert.True(result.TestAccuracy > 0.9, $"test accuracy {result.TestAccuracy}");
        Assert.Equal(0, result.ObservedLayer);
    }

    [Fact]
    public void Train_Conv2D_LearnsTheBlobs()
    {
        var result = new TorchTrainer().Train(Parse(Convolutional), 0, null, default);

        Assert.True(result.TestAccuracy > 0.9, $"test accuracy {result.TestAccuracy}");
        Assert.Equal(1, result.ObservedLayer);
        Assert.InRange(result.ZeroFraction, 0.01, 0.99);
    }

    [Theory]
    [InlineData(Convolutional, new[] { "layers.1.activity", "layers.1.kernel" })]
    [InlineData(Recurrent, new[] { "layers.0.activity", "layers.0.recurrent" })]
    public void Train_EveryPenalty_IsReportedByLayerAndWeight(string text, string[] names)
    {
        var result = new TorchTrainer().Train(Parse(text) with { Epochs = 1 }, 0, null, default);

        Assert.Equal(names, result.Penalties.Select(p => p.Name));
        Assert.All(result.Penalties, p => Assert.True(p.Value > 0, $"{p.Name} = {p.Value}"));
    }

    [Theory]
    [InlineData(Convolutional)]
    [InlineData(Recurrent)]
    public async Task Train_SameSeedAloneAndOnParallelThreads_GivesIdenticalResults(string text)
    {
        var spec = Parse(text) with { Epochs = 5 };
        var trainer = new TorchTrainer();
        var alone = trainer.Train(spec, 7, null, default);

        using var barrier = new Barrier(2);
        var parallel = Enumerable.Range(0, 2)
            .Select(_ => Task.Factory.StartNew(
                () =>
                {
                    barrier.SignalAndWait();
                    return trainer.Train(spec, 7, null, default);
                },
                TaskCreationOptions.LongRunning))
            .ToArray();
        var results = await Task.WhenAll(parallel);
        var other = trainer.Train(spec, 8, null, default);

        Assert.All(results, result =>
        {
            Assert.Equal(alone.History.Loss, result.History.Loss);
            Assert.Equal(alone.History.ValLoss, result.History.ValLoss);
            Assert.Equal(alone.TestLoss, result.TestLoss);
            Assert.Equal(alone.ActivationMean, result.ActivationMean);
        });
        Assert.NotEqual(alone.History.Loss, other.History.Loss);
    }

    [Fact]
    public void Evaluate_InChunks_EqualsOnePass()
    {
        var spec = Parse(Convolutional) with { Epochs = 1 };
        using var data = DatasetLoader.Load(spec.Dataset);
        using var generator = new TorchSharp.torch.Generator(3);
        using var network = new SequentialNetwork(spec.Layers, spec.Dataset.InputShape, generator);
        using var x = TorchSharp.torch.cat(Enumerable.Repeat(data.TrainX, 30).ToArray());
        using var y = TorchSharp.torch.cat(Enumerable.Repeat(data.TrainY, 30).ToArray());

        var chunked = TorchEngine.Evaluate(network, Sweep.Training.Losses.LossFactory.Create("binary_crossentropy"), x, y, 16, observe: true);
        var single = TorchEngine.Evaluate(network, Sweep.Training.Losses.LossFactory.Create("binary_crossentropy"), data.TrainX, data.TrainY, 16, observe: true);

        Assert.True(x.shape[0] > EvaluationTally.ChunkRows);
        Assert.Equal(single.Loss, chunked.Loss, 1e-5);
        Assert.Equal(single.Accuracy, chunked.Accuracy, 1e-12);
        Assert.Equal(single.ActivationMean, chunked.ActivationMean, 1e-5);
        Assert.Equal(single.ZeroFraction, chunked.ZeroFraction, 1e-12);
    }

    private static TrialSpec Parse(string text) => SweepPlan.Expand(SweepFile.Parse(text, "t.yaml")).Configurations.Single().Spec;
}
