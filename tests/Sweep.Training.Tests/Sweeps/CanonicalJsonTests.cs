using Sweep.Training.Datasets;
using Sweep.Training.Specs;
using Sweep.Training.Sweeps;

namespace Sweep.Training.Tests.Sweeps;

/// <summary>
/// Trials cross process boundaries as canonical JSON, so every setting must read back as written:
/// a key the writer names differently from the reader would fail every trial on the silo.
/// </summary>
public sealed class CanonicalJsonTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("sweep-canonical-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData("{kind: circles, samples: 80, noise: 0.2, factor: 0.5, random_state: 3, test_fraction: 0.25, standardize: true}", 2)]
    [InlineData("{kind: moons, train_rows: 40}", 2)]
    [InlineData("{kind: blobs, samples: 90, centers: 3, n_features: 4, cluster_std: 0.5, center_box: [-3, 3], train_rows: 60}", 3)]
    [InlineData("{kind: csv, path: data.csv, features: [b, a], label: y, test_fraction: 0.5, random_state: 2}", 2)]
    [InlineData("{kind: fashion_mnist, path: fm, samples: 2, test_samples: 1, standardize: true}", 10)]
    [InlineData("{kind: sine_waves, samples: 30, timesteps: 9, n_classes: 3, noise: 0.25, random_state: 4, test_fraction: 0.3}", 3)]
    public void Write_ThenParse_GivesTheSameJson(string dataset, int classes)
    {
        File.WriteAllText(Path.Combine(directory, "data.csv"), "a,b,y\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n");
        Directory.CreateDirectory(Path.Combine(directory, "fm"));
        foreach (var file in FashionMnist.Files)
        {
            File.WriteAllBytes(Path.Combine(directory, "fm", file), []);
        }

        var output = classes == 2 ? "{type: dense, units: 1, activation: sigmoid}" : $"{{type: dense, units: {classes}, activation: softmax}}";
        var loss = classes == 2 ? "binary_crossentropy" : "sparse_categorical_crossentropy";
        var text = $$"""
            trial:
              dataset: {{dataset}}
              layers:
                - type: flatten
                - type: dense
                  units: 8
                  activation: tanh
                  kernel_initializer: {name: random_uniform, minval: -0.1, maxval: 0.2}
                  bias_initializer: {name: constant, value: 0.5}
                  kernel_regularizer: {kind: l1_l2, l1: 0.001}
                  bias_regularizer: {kind: l2}
                  activity_regularizer: {kind: l2, l2: 0.0001, placement: before, reduction: sum}
                - {type: dropout, rate: 0.2}
                - {type: dense, units: 8, activation: relu, kernel_initializer: orthogonal}
                - {{output}}
              loss: {{loss}}
              optimizer: {name: rmsprop, momentum: 0.5, centered: true}
              epochs: 3
              batch_size: 4
              learning_rate_schedule: {kind: piecewise, boundaries: [1, 2], values: [0.1, 0.01, 0.001]}
              reduce_lr_on_plateau: {monitor: val_accuracy, cooldown: 2}
              early_stopping: {patience: 2, baseline: 0.5, restore_best_weights: true}
            """;
        var path = Path.Combine(directory, "sweep.yaml");
        File.WriteAllText(path, text);

        var configuration = SweepPlan.Expand(SweepFile.Load(path)).Configurations.Single();
        var reread = TrialSpecJson.Parse(configuration.SpecJson);

        Assert.Equal(configuration.SpecJson, TrialSpecJson.Write(reread));
    }

    [Theory]
    [InlineData("{type: conv2d, filters: 3, kernel_size: [3, 2], strides: [2, 1], padding: same, activation: relu, kernel_initializer: he_uniform, kernel_regularizer: {kind: l2}, bias_regularizer: {kind: l1}, activity_regularizer: {kind: l1, placement: before, reduction: sum}}\n    - {type: max_pooling2d, pool_size: [2, 1], strides: 1, padding: same}\n    - {type: flatten}")]
    [InlineData("{type: reshape, target_shape: [12, 2]}\n    - {type: lstm, units: 4, activation: relu, recurrent_activation: tanh, return_sequences: true, unit_forget_bias: false, dropout: 0.1, recurrent_dropout: 0.2, recurrent_initializer: {name: orthogonal, gain: 2}, recurrent_regularizer: {kind: l1_l2}, activity_regularizer: {kind: l2}}\n    - {type: lstm, units: 2, activation: linear}\n    - {type: activation, activation: tanh}")]
    public void Write_ThenParse_EveryLayerSettingReadsBack(string layers)
    {
        var path = Path.Combine(directory, "layers.yaml");
        var first = layers.StartsWith("{type: conv2d", StringComparison.Ordinal) ? "{type: reshape, target_shape: [6, 4, 1]}\n    - " : "";
        File.WriteAllText(path, $"trial:\n  dataset: {{kind: blobs, samples: 30, centers: 2, n_features: 24, train_rows: 20}}\n  layers:\n    - {first}{layers}\n    - {{type: dense, units: 1, activation: sigmoid}}\n  epochs: 1\n");

        var configuration = SweepPlan.Expand(SweepFile.Load(path)).Configurations.Single();
        var reread = TrialSpecJson.Parse(configuration.SpecJson);

        Assert.Equal(configuration.SpecJson, TrialSpecJson.Write(reread));
        Assert.Contains(layers.Contains("conv2d", StringComparison.Ordinal) ? "\"padding\":\"same\"" : "\"recurrent_dropout\":0.2", configuration.SpecJson, StringComparison.Ordinal);
    }
}
