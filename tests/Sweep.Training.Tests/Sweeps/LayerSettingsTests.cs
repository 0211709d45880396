using Sweep.Training.Specs;
using Sweep.Training.Sweeps;

namespace Sweep.Training.Tests.Sweeps;

/// <summary>Convolutional, pooling, reshaping and recurrent layers in a sweep file: defaults, shapes and errors.</summary>
public sealed class LayerSettingsTests
{
    private const string Images = "{kind: blobs, samples: 40, centers: 2, n_features: 36, train_rows: 30}";
    private const string Sequences = "{kind: sine_waves, samples: 40, timesteps: 12, train_rows: 30}";

    [Fact]
    public void Parse_Conv2DAndPooling_FillKerasDefaults()
    {
        var spec = Parse(Images, "{type: reshape, target_shape: [6, 6, 1]}", "{type: conv2d, filters: 4, kernel_size: 3}", "{type: max_pooling2d}", "{type: flatten}");

        Assert.Equal([6, 6, 1], Assert.IsType<ReshapeSpec>(spec.Layers[0]).TargetShape);
        var conv = Assert.IsType<Conv2DSpec>(spec.Layers[1]);
        Assert.Equal(4, conv.Filters);
        Assert.Equal([3, 3], conv.KernelSize);
        Assert.Equal([1, 1], conv.Strides);
        Assert.Equal(Padding.Valid, conv.Padding);
        Assert.Equal(Activation.Linear, conv.Activation);
        Assert.Equal(InitializerSpec.GlorotUniform, conv.KernelInitializer);
        Assert.Equal(InitializerSpec.Zeros, conv.BiasInitializer);
        var pool = Assert.IsType<MaxPooling2DSpec>(spec.Layers[2]);
        Assert.Equal([2, 2], pool.PoolSize);
        Assert.Equal([2, 2], pool.Strides);
        Assert.Equal(Padding.Valid, pool.Padding);
        Assert.IsType<FlattenSpec>(spec.Layers[3]);
    }

    [Fact]
    public void Parse_Lstm_FillsKerasDefaults()
    {
        var spec = Parse(Sequences, "{type: lstm, units: 8}");

        var lstm = Assert.IsType<LstmSpec>(spec.Layers[0]);
        Assert.Equal(
            new LstmSpec(8, Activation.Tanh, Activation.Sigmoid, false, true, 0, 0, null, InitializerSpec.GlorotUniform, new InitializerSpec("orthogonal", Gain: 1), InitializerSpec.Zeros),
            lstm);
    }

    [Fact]
    public void Parse_Conv2DThenActivation_IsTheConvolutionWithThePenaltyBefore()
    {
        var split = Parse(Images, "{type: reshape, target_shape: [6, 6, 1]}", "{type: conv2d, filters: 2, kernel_size: 3, activity_regularizer: {kind: l1}}", "{type: activation, activation: relu}", "{type: flatten}");
        var merged = Parse(Images, "{type: reshape, target_shape: [6, 6, 1]}", "{type: conv2d, filters: 2, kernel_size: 3, activation: relu, activity_regularizer: {kind: l1, placement: before}}", "{type: flatten}");

        Assert.Equal(TrialSpecJson.Write(merged), TrialSpecJson.Write(split));
    }

    [Fact]
    public void Parse_LstmThenActivation_StaysTwoLayers()
    {
        var spec = Parse(Sequences, "{type: lstm, units: 4, activation: linear, activity_regularizer: {kind: l1}}", "{type: activation, activation: tanh}");

        Assert.Equal(3, spec.Layers.Count);
        Assert.Equal(Activation.Linear, Assert.IsType<LstmSpec>(spec.Layers[0]).Activation);
    }

    [Theory]
    [InlineData(Images, 6, 6, 3, 1, "valid", new[] { 4, 4, 2 })]
    [InlineData(Images, 6, 6, 3, 2, "valid", new[] { 2, 2, 2 })]
    [InlineData(Images, 6, 6, 3, 2, "same", new[] { 3, 3, 2 })]
    [InlineData(Images, 6, 6, 6, 1, "valid", new[] { 1, 1, 2 })]
    [InlineData(Images, 4, 9, 2, 3, "same", new[] { 2, 3, 2 })]
    public void Infer_Conv2D_GivesKerasOutputShape(string dataset, int height, int width, int kernel, int stride, string padding, int[] expected)
    {
        var spec = Parse(dataset, $"{{type: reshape, target_shape: [{height}, {width}, {36 / (height * width)}]}}", $"{{type: conv2d, filters: 2, kernel_size: {kernel}, strides: {stride}, padding: {padding}}}", "{type: flatten}");

        var shapes = LayerShapes.Infer(spec.Layers, spec.Dataset.InputShape, "layers");

        Assert.Equal(expected, shapes[1]);
        Assert.Equal([expected.Aggregate(1, (a, b) => a * b)], shapes[2]);
    }

    [Theory]
    [InlineData("{type: lstm, units: 5}", new[] { 5 })]
    [InlineData("{type: lstm, units: 5, return_sequences: true}", new[] { 12, 5 })]
    public void Infer_Lstm_GivesTheLastOrEveryOutput(string lstm, int[] expected)
    {
        var spec = Parse(Sequences, lstm, "{type: flatten}");

        Assert.Equal(expected, LayerShapes.Infer(spec.Layers, spec.Dataset.InputShape, "layers")[0]);
    }

    [Theory]
    [InlineData(Images, "{type: reshape, target_shape: [6, 6, 1]}\n    - {type: conv2d, filters: 2, kernel_size: [7, 3]}\n    - {type: flatten}",
        "trial.layers.1.kernel_size: a 7x3 window does not fit the 6x6 input with padding valid; use a smaller kernel_size or padding same")]
    [InlineData(Images, "{type: reshape, target_shape: [6, 6, 1]}\n    - {type: max_pooling2d, pool_size: 3, strides: 4}\n    - {type: conv2d, filters: 1, kernel_size: 2}\n    - {type: flatten}",
        "trial.layers.2.kernel_size: a 2x2 window does not fit the 1x1 input with padding valid; use a smaller kernel_size or padding same")]
    [InlineData("{kind: circles, train_rows: 50}", "{type: lstm, units: 4}",
        "trial.layers.0.type: lstm needs sequence input (timesteps, features) but gets (2) here; use a sequence dataset (sine_waves) or a reshape layer")]
    [InlineData(Sequences, "{type: conv2d, filters: 2, kernel_size: 3}\n    - {type: flatten}",
        "trial.layers.0.type: conv2d needs image input (height, width, channels) but gets (12, 1) here; use an image dataset (fashion_mnist) or a reshape layer")]
    [InlineData(Sequences, "{type: dense, units: 4}",
        "trial.layers.0.type: dense needs flat input but gets (12, 1) here; put a flatten layer before it")]
    [InlineData(Sequences, "{type: dropout, rate: 0.1}\n    - {type: lstm, units: 3, return_sequences: true}",
        "trial.layers.2.type: dense needs flat input but gets (12, 3) here; put a flatten layer before it")]
    [InlineData(Images, "{type: reshape, target_shape: [5, 7, 1]}\n    - {type: flatten}",
        "trial.layers.0.target_shape: (5, 7, 1) holds 35 values but the input (36) has 36")]
    [InlineData(Images, "{type: reshape, target_shape: [6, 6, 1]}\n    - {type: conv2d, filters: 2, kernel_size: [3, 3, 3]}\n    - {type: flatten}",
        "trial.layers.1.kernel_size: expected 2 whole numbers, got 3")]
    [InlineData(Images, "{type: reshape, target_shape: [6, 6, 1]}\n    - {type: conv2d, filters: 2, kernel_size: 3, strides: 0}\n    - {type: flatten}",
        "trial.layers.1.strides: 0 is out of range; allowed: 1 to 1024")]
    [InlineData(Images, "{type: reshape, target_shape: [6, 6, 1]}\n    - {type: conv2d, filters: 2, kernel_size: 3, padding: full}\n    - {type: flatten}",
        "trial.layers.1.padding: 'full' is not allowed; allowed: valid, same")]
    [InlineData(Sequences, "{type: lstm, units: 3, activity_regularizer: {kind: l2, placement: before}}",
        "trial.layers.0.activity_regularizer.placement: an lstm applies its activation inside the recurrence, so its output can only be regularized after it; for Keras's other form, give the lstm activation linear and follow it with an activation layer")]
    [InlineData(Sequences, "{type: lstm, units: 3, recurrent_dropout: 1}",
        "trial.layers.0.recurrent_dropout: 1 is out of range; allowed: >= 0 and < 1")]
    [InlineData(Sequences, "{type: lstm, units: 3, recurrent_activation: softmax}",
        "trial.layers.0.recurrent_activation: 'softmax' is not allowed; allowed: tanh, sigmoid, relu, linear")]
    [InlineData(Sequences, "{type: lstm, units: 3, recurent_regularizer: {kind: l2}}",
        "trial.layers.0.recurent_regularizer: unknown key (did you mean 'recurrent_regularizer'?); allowed here: activation, activity_regularizer, bias_initializer, bias_regularizer, dropout, kernel_initializer, kernel_regularizer, recurrent_activation, recurrent_dropout, recurrent_initializer, recurrent_regularizer, return_sequences, type, unit_forget_bias, units")]
    public void Parse_LayerThatCannotRun_NamesTheLayerAndKey(string dataset, string layers, string expected)
    {
        var text = $"trial:\n  dataset: {dataset}\n  layers:\n    - {layers}\n    - {{type: dense, units: 1, activation: sigmoid}}\n  epochs: 1\n";

        var error = Assert.Throws<SweepFileException>(() => SweepPlan.Expand(SweepFile.Parse(text, "t.yaml")));

        Assert.Equal($"t.yaml: {expected}", error.Message);
    }

    private static TrialSpec Parse(string dataset, params string[] layers)
    {
        var list = string.Concat(layers.Select(layer => $"    - {layer}\n"));
        var text = $"trial:\n  dataset: {dataset}\n  layers:\n{list}    - {{type: dense, units: 1, activation: sigmoid}}\n  epochs: 1\n";
        return SweepPlan.Expand(SweepFile.Parse(text, "t.yaml")).Configurations.Single().Spec;
    }
}
