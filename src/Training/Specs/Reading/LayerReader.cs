namespace Sweep.Training.Specs.Reading;

/// <summary>Reads the <c>layers</c> list and checks that each layer can take the shape it is given.</summary>
internal static class LayerReader
{
    public static readonly string[] LayerTypes = ["dense", "conv2d", "max_pooling2d", "flatten", "reshape", "lstm", "activation", "dropout"];

    /// <summary>The largest window side and stride of conv2d and max_pooling2d.</summary>
    public const int MaxWindow = 1024;

    private static readonly string[] WeightKeys = ["activation", "activity_regularizer", "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer"];

    public static List<LayerSpec> Read(SpecObject trial, DatasetSpec dataset)
    {
        var items = trial.Array("layers");
        if (items.Count == 0)
        {
            throw new SpecException(trial.KeyPath("layers"), "needs at least one layer");
        }

        var layers = new List<LayerSpec>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var layer = new SpecObject(items[i], $"{trial.KeyPath("layers")}.{i}");
            var type = layer.Choice("type", null, LayerTypes);
            layers.Add(type switch
            {
                "dense" => Dense(layer),
                "conv2d" => Conv2D(layer),
                "max_pooling2d" => MaxPooling2D(layer),
                "flatten" => Flatten(layer),
                "reshape" => Reshape(layer),
                "lstm" => Lstm(layer),
                "dropout" => Dropout(layer),
                _ => Activation(layer),
            });
        }

        // Checked before merging, so that errors name the layers as the user numbered them.
        LayerShapes.Infer(layers, dataset.InputShape, trial.KeyPath("layers"));
        return MergeActivations(layers);
    }

    private static DenseSpec Dense(SpecObject layer)
    {
        layer.Allow(["type", "units", .. WeightKeys]);
        return new DenseSpec(
            layer.Int("units", null, 1, TrialSpecReader.MaxUnits),
            layer.Enum<Activation>("activation", Specs.Activation.Linear),
            ActivityRegularizer(layer),
            WeightReader.Initializer(layer, "kernel_initializer", InitializerSpec.GlorotUniform),
            WeightReader.Initializer(layer, "bias_initializer", InitializerSpec.Zeros),
            WeightReader.Regularizer(layer, "kernel_regularizer"),
            WeightReader.Regularizer(layer, "bias_regularizer"));
    }

    private static Conv2DSpec Conv2D(SpecObject layer)
    {
        layer.Allow(["type", "filters", "kernel_size", "strides", "padding", .. WeightKeys]);
        return new Conv2DSpec(
            layer.Int("filters", null, 1, TrialSpecReader.MaxUnits),
            layer.Ints("kernel_size", null, 2, 1, MaxWindow),
            layer.Ints("strides", [1, 1], 2, 1, MaxWindow),
            layer.Enum<Padding>("padding", Padding.Valid),
            layer.Enum<Activation>("activation", Specs.Activation.Linear),
            ActivityRegularizer(layer),
            WeightReader.Initializer(layer, "kernel_initializer", InitializerSpec.GlorotUniform),
            WeightReader.Initializer(layer, "bias_initializer", InitializerSpec.Zeros),
            WeightReader.Regularizer(layer, "kernel_regularizer"),
            WeightReader.Regularizer(layer, "bias_regularizer"));
    }

    private static MaxPooling2DSpec MaxPooling2D(SpecObject layer)
    {
        layer.Allow("type", "pool_size", "strides", "padding");
        var pool = layer.Ints("pool_size", [2, 2], 2, 1, MaxWindow);
        return new MaxPooling2DSpec(pool, layer.Ints("strides", pool, 2, 1, MaxWindow), layer.Enum<Padding>("padding", Padding.Valid));
    }

    private static FlattenSpec Flatten(SpecObject layer)
    {
        layer.Allow("type");
        return new FlattenSpec();
    }

    private static ReshapeSpec Reshape(SpecObject layer)
    {
        layer.Allow("type", "target_shape");
        var shape = layer.Ints("target_shape", null, 0, 1, TrialSpecReader.MaxSamples);
        if (shape.Length > 3)
        {
            throw new SpecException(layer.KeyPath("target_shape"), $"has {shape.Length} dimensions; allowed: 1 (features), 2 (timesteps, features) or 3 (height, width, channels)");
        }

        return new ReshapeSpec(shape);
    }

    private static LstmSpec Lstm(SpecObject layer)
    {
        layer.Allow([
            "type", "units", "recurrent_activation", "return_sequences", "unit_forget_bias", "dropout", "recurrent_dropout",
            "recurrent_initializer", "recurrent_regularizer", .. WeightKeys]);
        var activity = ActivityRegularizer(layer);
        if (activity?.Placement == Placement.Before)
        {
            throw new SpecException(
                layer.KeyPath("activity_regularizer.placement"),
                "an lstm applies its activation inside the recurrence, so its output can only be regularized after it; for Keras's other form, give the lstm activation linear and follow it with an activation layer");
        }

        return new LstmSpec(
            layer.Int("units", null, 1, TrialSpecReader.MaxUnits),
            CellActivation(layer, "activation", Specs.Activation.Tanh),
            CellActivation(layer, "recurrent_activation", Specs.Activation.Sigmoid),
            layer.Bool("return_sequences", false),
            layer.Bool("unit_forget_bias", true),
            layer.Double("dropout", 0.0, 0.0, 1.0, maxExclusive: true),
            layer.Double("recurrent_dropout", 0.0, 0.0, 1.0, maxExclusive: true),
            activity,
            WeightReader.Initializer(layer, "kernel_initializer", InitializerSpec.GlorotUniform),
            WeightReader.Initializer(layer, "recurrent_initializer", InitializerSpec.Orthogonal),
            WeightReader.Initializer(layer, "bias_initializer", InitializerSpec.Zeros),
            WeightReader.Regularizer(layer, "kernel_regularizer"),
            WeightReader.Regularizer(layer, "recurrent_regularizer"),
            WeightReader.Regularizer(layer, "bias_regularizer"));
    }

    // Inside a recurrence only element-wise functions make sense; softmax would mix the units.
    private static Activation CellActivation(SpecObject layer, string key, Activation fallback)
    {
        string[] allowed = ["tanh", "sigmoid", "relu", "linear"];
        SpecNames.TryParse<Activation>(layer.Choice(key, SpecNames.Of(fallback), allowed), out var activation);
        return activation;
    }

    private static DropoutSpec Dropout(SpecObject layer)
    {
        layer.Allow("type", "rate");
        return new DropoutSpec(layer.Double("rate", null, 0.0, 1.0, maxExclusive: true));
    }

    private static ActivationSpec Activation(SpecObject layer)
    {
        layer.Allow("type", "activation");
        return new ActivationSpec(layer.Enum<Activation>("activation", null));
    }

    private static ActivityRegularizerSpec? ActivityRegularizer(SpecObject layer)
    {
        if (!layer.Has("activity_regularizer"))
        {
            return null;
        }

        var regularizer = layer.Object("activity_regularizer");
        regularizer.Allow("kind", "l1", "l2", "placement", "reduction");
        var kind = regularizer.Choice("kind", null, WeightReader.RegularizerKinds);
        var l1 = regularizer.Double("l1", RegularizerSpec.DefaultCoefficient, 0.0);
        var l2 = regularizer.Double("l2", RegularizerSpec.DefaultCoefficient, 0.0);
        var placement = regularizer.Enum<Placement>("placement", Placement.After);
        var reduction = regularizer.Enum<ActivityReduction>("reduction", ActivityReduction.BatchMean);
        return kind switch
        {
            "l1" => new ActivityRegularizerSpec(RegularizerKind.L1, l1, null, placement, reduction),
            "l2" => new ActivityRegularizerSpec(RegularizerKind.L2, null, l2, placement, reduction),
            "l1_l2" => new ActivityRegularizerSpec(RegularizerKind.L1L2, l1, l2, placement, reduction),
            _ => null,
        };
    }

    /// <summary>
    /// <c>Dense(linear)</c> or <c>Conv2D(linear)</c> followed by <c>Activation(f)</c> is the layer with
    /// activation f, with any activity regularizer reading the linear output (placement before). Writing
    /// it either way is one configuration. An LSTM is never merged: its activation acts inside the recurrence.
    /// </summary>
    private static List<LayerSpec> MergeActivations(List<LayerSpec> layers)
    {
        var merged = new List<LayerSpec>(layers.Count);
        for (var i = 0; i < layers.Count; i++)
        {
            var next = i + 1 < layers.Count ? layers[i + 1] as ActivationSpec : null;
            LayerSpec? combined = (layers[i], next) switch
            {
                (DenseSpec { Activation: Specs.Activation.Linear } dense, { } activation) =>
                    dense with { Activation = activation.Activation, ActivityRegularizer = Before(dense.ActivityRegularizer) },
                (Conv2DSpec { Activation: Specs.Activation.Linear } conv, { } activation) =>
                    conv with { Activation = activation.Activation, ActivityRegularizer = Before(conv.ActivityRegularizer) },
                _ => null,
            };
            merged.Add(combined ?? layers[i]);
            i += combined is null ? 0 : 1;
        }

        return merged;
    }

    private static ActivityRegularizerSpec? Before(ActivityRegularizerSpec? activity) => activity is null ? null : activity with { Placement = Placement.Before };
}
