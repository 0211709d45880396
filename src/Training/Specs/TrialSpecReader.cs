using System.Text.Json.Nodes;

namespace Sweep.Training.Specs;

/// <summary>
/// Turns a trial mapping (from a sweep file or canonical JSON) into a <see cref="TrialSpec"/>,
/// applying Keras defaults and rejecting anything that could not run, with the key path at fault.
/// Settings that have no effect (the coefficients of <c>kind: none</c>, say) are dropped, so that
/// descriptions equal in effect are equal.
/// </summary>
public static class TrialSpecReader
{
    /// <summary>The only loss supported so far.</summary>
    public const string BinaryCrossEntropy = "binary_crossentropy";

    /// <summary>Upper bounds that keep a trial within one machine's memory and patience.</summary>
    public const int MaxEpochs = 1_000_000;
    public const int MaxUnits = 100_000;
    public const int MaxSamples = 10_000_000;

    private static readonly string[] Losses = [BinaryCrossEntropy];
    private static readonly string[] Optimizers = ["adam"];
    private static readonly string[] LayerTypes = ["dense", "activation"];
    private static readonly string[] RegularizerKinds = ["none", "l1", "l2", "l1_l2"];

    /// <summary>Reads a trial mapping found at <paramref name="path"/>.</summary>
    /// <exception cref="SpecException">The description is invalid.</exception>
    public static TrialSpec Read(JsonNode? node, string path = "")
    {
        var trial = new SpecObject(node, path);
        trial.Allow("dataset", "layers", "loss", "optimizer", "epochs", "batch_size");
        var dataset = ReadDataset(trial.Object("dataset"));
        var layers = MergeActivations(ReadLayers(trial));
        var loss = trial.Choice("loss", BinaryCrossEntropy, Losses);
        var optimizer = ReadOptimizer(trial.Has("optimizer") ? trial.Object("optimizer") : null);
        var epochs = trial.Int("epochs", null, 1, MaxEpochs);
        var batchSize = trial.Int("batch_size", 32, 1, MaxSamples);
        trial.EnsureNoUnknownKeys();

        if (layers is not [.., DenseSpec { Units: 1 }] && layers is not [.., DenseSpec { Units: 1 }, ActivationSpec])
        {
            throw new SpecException(trial.KeyPath("layers"), $"{loss} needs a final dense layer with 1 unit");
        }

        if (FinalActivation(layers) != Activation.Sigmoid)
        {
            throw new SpecException(trial.KeyPath("layers"), $"{loss} needs a sigmoid on the final layer");
        }

        if (layers[^1] is DenseSpec { ActivityRegularizer: not null })
        {
            throw new SpecException(trial.KeyPath("layers"), "an activity_regularizer on the output layer is not supported; put it on a hidden layer");
        }

        return new TrialSpec(dataset, layers, loss, optimizer, epochs, batchSize);
    }

    private static DatasetSpec ReadDataset(SpecObject dataset)
    {
        dataset.Allow("kind", "samples", "noise", "random_state", "factor", "train_rows");
        var kind = dataset.Enum<DatasetKind>("kind", null);
        var samples = dataset.Int("samples", 100, 2, MaxSamples);
        var noise = dataset.Double("noise", 0.0, 0.0);
        var randomState = dataset.Int("random_state", 0, 0);
        double? factor = dataset.Has("factor") || kind == DatasetKind.Circles ? dataset.Double("factor", 0.8, 0.0, 1.0) : null;
        if (kind != DatasetKind.Circles && dataset.Has("factor"))
        {
            throw new SpecException(dataset.KeyPath("factor"), "only the circles dataset has a factor");
        }

        if (factor is >= 1.0)
        {
            throw new SpecException(dataset.KeyPath("factor"), "must be below 1 (the inner circle's radius)");
        }

        var trainRows = dataset.Int("train_rows", null, 1, samples - 1);
        dataset.EnsureNoUnknownKeys();
        return new DatasetSpec(kind, samples, noise, randomState, factor, trainRows);
    }

    private static IReadOnlyList<LayerSpec> ReadLayers(SpecObject trial)
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
            layer.Allow(type == "dense" ? ["type", "units", "activation", "activity_regularizer"] : ["type", "activation"]);
            layers.Add(type switch
            {
                "dense" => ReadDense(layer),
                _ => new ActivationSpec(layer.Enum<Activation>("activation", null)),
            });
            layer.EnsureNoUnknownKeys();
        }

        return layers;
    }

    /// <summary>
    /// <c>Dense(linear)</c> followed by <c>Activation(f)</c> is <c>Dense(f)</c>, with any activity
    /// regularizer reading the linear output (placement before). Writing it either way is one configuration.
    /// </summary>
    private static List<LayerSpec> MergeActivations(IReadOnlyList<LayerSpec> layers)
    {
        var merged = new List<LayerSpec>(layers.Count);
        for (var i = 0; i < layers.Count; i++)
        {
            if (layers[i] is DenseSpec { Activation: Activation.Linear } dense && i + 1 < layers.Count && layers[i + 1] is ActivationSpec next)
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

    private static DenseSpec ReadDense(SpecObject layer)
    {
        var units = layer.Int("units", null, 1, MaxUnits);
        var activation = layer.Enum<Activation>("activation", Activation.Linear);
        var activity = layer.Has("activity_regularizer") ? ReadActivity(layer.Object("activity_regularizer")) : null;
        return new DenseSpec(units, activation, activity);
    }

    private static ActivityRegularizerSpec? ReadActivity(SpecObject regularizer)
    {
        regularizer.Allow("kind", "l1", "l2", "placement", "reduction");
        var kind = regularizer.Choice("kind", null, RegularizerKinds);
        var l1 = regularizer.Double("l1", RegularizerSpec.DefaultCoefficient, 0.0);
        var l2 = regularizer.Double("l2", RegularizerSpec.DefaultCoefficient, 0.0);
        var placement = regularizer.Enum<Placement>("placement", Placement.After);
        var reduction = regularizer.Enum<ActivityReduction>("reduction", ActivityReduction.BatchMean);
        regularizer.EnsureNoUnknownKeys();
        return kind switch
        {
            "l1" => new ActivityRegularizerSpec(RegularizerKind.L1, l1, null, placement, reduction),
            "l2" => new ActivityRegularizerSpec(RegularizerKind.L2, null, l2, placement, reduction),
            "l1_l2" => new ActivityRegularizerSpec(RegularizerKind.L1L2, l1, l2, placement, reduction),
            _ => null,
        };
    }

    private static OptimizerSpec ReadOptimizer(SpecObject? optimizer)
    {
        if (optimizer is null)
        {
            return OptimizerSpec.Adam();
        }

        optimizer.Allow("name", "learning_rate", "beta_1", "beta_2", "epsilon", "amsgrad");
        var name = optimizer.Choice("name", null, Optimizers);
        var spec = new OptimizerSpec(
            name,
            optimizer.Double("learning_rate", 0.001, 0.0, minExclusive: true),
            optimizer.Double("beta_1", 0.9, 0.0, 1.0, maxExclusive: true),
            optimizer.Double("beta_2", 0.999, 0.0, 1.0, maxExclusive: true),
            optimizer.Double("epsilon", 1e-7, 0.0),
            optimizer.Bool("amsgrad", false));
        optimizer.EnsureNoUnknownKeys();
        return spec;
    }

    private static Activation FinalActivation(IReadOnlyList<LayerSpec> layers) => layers[^1] switch
    {
        DenseSpec dense => dense.Activation,
        ActivationSpec activation => activation.Activation,
        _ => Activation.Linear,
    };
}
