namespace Sweep.Training.Specs.Reading;

/// <summary>Reads the <c>layers</c> list.</summary>
internal static class LayerReader
{
    public static readonly string[] LayerTypes = ["dense", "activation", "dropout"];

    public static List<LayerSpec> Read(SpecObject trial)
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
                "dropout" => Dropout(layer),
                _ => Activation(layer),
            });
        }

        return MergeActivations(layers);
    }

    private static DenseSpec Dense(SpecObject layer)
    {
        layer.Allow("type", "units", "activation", "activity_regularizer", "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer");
        return new DenseSpec(
            layer.Int("units", null, 1, TrialSpecReader.MaxUnits),
            layer.Enum<Activation>("activation", Specs.Activation.Linear),
            layer.Has("activity_regularizer") ? ActivityRegularizer(layer.Object("activity_regularizer")) : null,
            WeightReader.Initializer(layer, "kernel_initializer", InitializerSpec.GlorotUniform),
            WeightReader.Initializer(layer, "bias_initializer", InitializerSpec.Zeros),
            WeightReader.Regularizer(layer, "kernel_regularizer"),
            WeightReader.Regularizer(layer, "bias_regularizer"));
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

    private static ActivityRegularizerSpec? ActivityRegularizer(SpecObject regularizer)
    {
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
    /// <c>Dense(linear)</c> followed by <c>Activation(f)</c> is <c>Dense(f)</c>, with any activity
    /// regularizer reading the linear output (placement before). Writing it either way is one configuration.
    /// </summary>
    private static List<LayerSpec> MergeActivations(List<LayerSpec> layers)
    {
        var merged = new List<LayerSpec>(layers.Count);
        for (var i = 0; i < layers.Count; i++)
        {
            if (layers[i] is DenseSpec { Activation: Specs.Activation.Linear } dense && i + 1 < layers.Count && layers[i + 1] is ActivationSpec next)
            {
                var activity = dense.ActivityRegularizer is { } regularizer ? regularizer with { Placement = Placement.Before } : null;
                merged.Add(dense with { Activation = next.Activation, ActivityRegularizer = activity });
                i++;
            }
            else
            {
                merged.Add(layers[i]);
            }
        }

        return merged;
    }
}
