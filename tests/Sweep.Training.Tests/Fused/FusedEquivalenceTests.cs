using Sweep.Training.Datasets;
using Sweep.Training.Engine;
using Sweep.Training.Fused;
using Sweep.Training.Specs;
using Sweep.Training.Sweeps;
using Sweep.Training.Torch;
using Xunit.Abstractions;

namespace Sweep.Training.Tests.Fused;

/// <summary>
/// The fused path against TorchSharp, setting by setting: the same seed gives the same initial weights, and after 10
/// epochs (with an evaluation after each, as fit does) every weight agrees within 1e-5 relative. Schedules and
/// callbacks live in the fit loop both engines share; a whole trial with them reports what TorchSharp reports.
/// </summary>
public sealed class FusedEquivalenceTests(ITestOutputHelper output)
{
    private const int Epochs = 10;

    private const string Base = """
        name: equivalence
        trial:
          dataset: {kind: circles, samples: 100, noise: 0.1, random_state: 1, train_rows: 30}
          layers:
            - {type: dense, units: 64, activation: relu}
            - {type: dense, units: 1, activation: sigmoid}
          optimizer: {name: adam, learning_rate: 0.01}
          epochs: 10
          batch_size: 8

        """;

    public static TheoryData<string, string> Settings() => new()
    {
        { "tutorial", "" },
        { "l1 activity after, batch_mean", "layers.0.activity_regularizer: {kind: l1, l1: 0.001}" },
        { "l1 activity before, sum", "layers.0.activity_regularizer: {kind: l1, l1: 0.0001, placement: before, reduction: sum}" },
        { "l2 activity", "layers.0.activity_regularizer: {kind: l2, l2: 0.01}" },
        { "l1_l2 activity", "layers.0.activity_regularizer: {kind: l1_l2, l1: 0.001, l2: 0.001}" },
        { "kernel and bias penalties", "layers.0.kernel_regularizer: {kind: l1_l2, l1: 0.001, l2: 0.01}\n  layers.0.bias_regularizer: {kind: l2, l2: 0.01}" },
        { "tanh", "layers.0.activation: tanh" },
        { "sigmoid hidden", "layers.0.activation: sigmoid" },
        { "he_normal", "layers.0.kernel_initializer: he_normal" },
        { "orthogonal and random_uniform", "layers.0.kernel_initializer: orthogonal\n  layers.0.bias_initializer: {name: random_uniform, minval: -0.1, maxval: 0.1}" },
        { "dropout", "layers: [{type: dense, units: 64, activation: relu}, {type: dropout, rate: 0.3}, {type: dense, units: 1, activation: sigmoid}]" },
        { "activation layer after a linear dense", "layers: [{type: dense, units: 64, activity_regularizer: {kind: l1, l1: 0.001}}, {type: activation, activation: relu}, {type: dense, units: 1, activation: sigmoid}]" },
        { "two hidden layers with dropout", "layers: [{type: dense, units: 64, activation: relu}, {type: dense, units: 32, activation: tanh, kernel_regularizer: {kind: l2, l2: 0.001}}, {type: dropout, rate: 0.5}, {type: dense, units: 1, activation: sigmoid}]" },
        { "softmax, sparse labels", "dataset: {kind: blobs, samples: 120, centers: 3, n_features: 2, train_rows: 60}\n  layers.1: {type: dense, units: 3, activation: softmax}\n  loss: sparse_categorical_crossentropy" },
        { "softmax, categorical", "dataset: {kind: blobs, samples: 120, centers: 4, n_features: 2, train_rows: 60}\n  layers.1: {type: dense, units: 4, activation: softmax}\n  loss: categorical_crossentropy" },
        { "sgd, nesterov momentum", "optimizer: {name: sgd, learning_rate: 0.05, momentum: 0.9, nesterov: true}" },
        { "rmsprop, centered", "optimizer: {name: rmsprop, learning_rate: 0.005, centered: true}" },
        { "adagrad", "optimizer: {name: adagrad, learning_rate: 0.05}" },
        { "adadelta", "optimizer: {name: adadelta, learning_rate: 1.0}" },
        { "adamax", "optimizer: {name: adamax, learning_rate: 0.01}" },
        { "nadam", "optimizer: {name: nadam, learning_rate: 0.01}" },
        { "adam, amsgrad", "optimizer: {name: adam, learning_rate: 0.01, amsgrad: true}" },

    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void TenEpochs_EverySetting_AgreeWithTorchSharp(string name, string grid)
    {
        var spec = Parse(grid);

        var (torchWeights, fusedWeights, initialTorch, initialFused) = Train(spec, seed: 3);

        Assert.Equal(initialTorch, initialFused);
        var worst = Worst(spec, torchWeights, fusedWeights);
        output.WriteLine($"{name}: largest relative difference {worst:E2}");
        Assert.True(worst <= 1e-5, $"{name}: a weight differs by {worst:E2} relative");
    }

    [Fact]
    public void Train_WholeTrial_ReportsWhatTorchSharpReports()
    {
        var spec = Parse("layers.0.activity_regularizer: {kind: l1, l1: 0.001, placement: before}\nlayers.0.kernel_regularizer: {kind: l2, l2: 0.001}\nearly_stopping: {monitor: val_loss, patience: 3, restore_best_weights: true}\nepochs: 60\nlearning_rate_schedule: {kind: step_decay, drop: 0.5, every: 5}\nreduce_lr_on_plateau: {monitor: loss, patience: 1, factor: 0.5}");

        var torch = new TorchTrainer().Train(spec, 5, null, CancellationToken.None);
        var fused = new FusedTrainer().Train(spec, 5, null, CancellationToken.None);

        Assert.Equal(("torch", "fused"), (torch.Backend, fused.Backend));
        Assert.Equal(torch.History.Loss.Length, fused.History.Loss.Length);
        Assert.Equal(torch.History.LearningRate, fused.History.LearningRate);
        Assert.Equal(torch.StoppedEarly, fused.StoppedEarly);
        Assert.Equal(torch.ObservedLayer, fused.ObservedLayer);
        Assert.Equal(torch.Penalties.Select(p => p.Name), fused.Penalties.Select(p => p.Name));
        Assert.All(torch.Penalties.Zip(fused.Penalties), pair => Assert.Equal(pair.First.Value, pair.Second.Value, 1e-5));
        foreach (var (a, b) in new[] { (torch.TrainLoss, fused.TrainLoss), (torch.TestLoss, fused.TestLoss), (torch.ActivationMean, fused.ActivationMean) })
        {
            Assert.Equal(a, b, 1e-4);
        }

        Assert.Equal(torch.TestAccuracy, fused.TestAccuracy);
        Assert.Equal(torch.ZeroFraction, fused.ZeroFraction, 1e-3);
        Assert.All(torch.History.ValLoss.Zip(fused.History.ValLoss), pair => Assert.Equal(pair.First, pair.Second, 1e-4));
    }

    private static (float[] Torch, float[] Fused, float[] InitialTorch, float[] InitialFused) Train(TrialSpec spec, int seed)
    {
        using var torch = new TorchEngine(spec, seed);
        using var fused = new FusedEngine(spec, seed);
        var initial = (torch.Weights(), (float[])fused.Parameters.Clone());
        var (torchOrder, fusedOrder) = (new LegacyRandomState((uint)seed), new LegacyRandomState((uint)seed));
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            torch.TrainEpoch(torchOrder.Permutation(torch.TrainRows), spec.BatchSize);
            fused.TrainEpoch(fusedOrder.Permutation(fused.TrainRows), spec.BatchSize);
            torch.Evaluate(EvaluationRows.Test, spec.BatchSize, observe: false);
            fused.Evaluate(EvaluationRows.Test, spec.BatchSize, observe: false);
        }

        return (torch.Weights(), fused.Parameters, initial.Item1, initial.Item2);
    }

    // The largest |a - b| relative to the largest weight of its layer (kernel and bias), layer by layer: float32 rounding
    // is relative to that scale, so a weight that happens to be near zero is not held to a tighter bound than its layer.
    private static double Worst(TrialSpec spec, float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        var worst = 0.0;
        var offset = 0;
        var inputs = spec.Dataset.InputShape[0];
        foreach (var dense in spec.Layers.OfType<DenseSpec>())
        {
            var size = (inputs * dense.Units) + dense.Units;
            var scale = a.AsSpan(offset, size).ToArray().Max(Math.Abs);
            for (var i = offset; i < offset + size; i++)
            {
                worst = Math.Max(worst, Math.Abs(a[i] - b[i]) / scale);
            }

            (offset, inputs) = (offset + size, dense.Units);
        }

        Assert.Equal(a.Length, offset);
        return worst;
    }

    private static TrialSpec Parse(string grid)
    {
        var text = grid.Length == 0 ? Base : Base + "grid:\n" + string.Join("\n", grid.Split('\n').Select(line => "  " + Flow(line.Trim()))) + "\n";
        return SweepPlan.Expand(SweepFile.Parse(text, "equivalence.yaml")).Configurations.Single().Spec;
    }

    // "key: value" as a one-value grid axis: "key: [value]".
    private static string Flow(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        return $"{line[..colon]}: [{line[(colon + 1)..].Trim()}]";
    }
}
