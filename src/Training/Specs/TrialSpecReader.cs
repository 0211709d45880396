using System.Text.Json.Nodes;
using Sweep.Training.Datasets;
using Sweep.Training.Specs.Reading;

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


    /// <summary>Reads a trial mapping found at <paramref name="path"/>.</summary>
    /// <exception cref="SpecException">The description is invalid.</exception>
    /// <param name="node">The trial mapping.</param>
    /// <param name="path">Its key path, for errors.</param>
    /// <param name="baseDirectory">Where relative dataset paths start (the sweep file's folder).</param>
    /// <param name="files">Where data files are read (by default at their paths), and the hashes of those already read.</param>
    public static TrialSpec Read(JsonNode? node, string path = "", string? baseDirectory = null, DataFiles? files = null)
    {
        var trial = new SpecObject(node, path);
        trial.Allow("dataset", "layers", "loss", "optimizer", "epochs", "batch_size", "learning_rate_schedule", "reduce_lr_on_plateau", "early_stopping", "backend");
        var dataset = DatasetReader.Read(trial.Object("dataset"), baseDirectory, files ?? new DataFiles());
        var layers = LayerReader.Read(trial, dataset);
        var loss = trial.Choice("loss", BinaryCrossEntropy, Losses.LossFactory.Names);
        var optimizer = OptimizerReader.Read(trial.Has("optimizer") ? trial.Object("optimizer") : null);
        var epochs = trial.Int("epochs", null, 1, MaxEpochs);
        var batchSize = trial.Int("batch_size", 32, 1, MaxSamples);
        var schedule = CallbackReader.Schedule(trial);
        var plateau = CallbackReader.Plateau(trial);
        var earlyStopping = CallbackReader.EarlyStopping(trial);
        var backend = trial.Choice("backend", "auto", ["auto", "torch", "fused"]) switch
        {
            "torch" => TrainingBackend.Torch,
            "fused" => TrainingBackend.Fused,
            _ => (TrainingBackend?)null,
        };
        trial.EnsureNoUnknownKeys();

        CheckOutput(trial.KeyPath("layers"), layers, loss, dataset);

        if (layers[^1] is DenseSpec { ActivityRegularizer: not null })
        {
            throw new SpecException(trial.KeyPath("layers"), "an activity_regularizer on the output layer is not supported; put it on a hidden layer");
        }

        var spec = new TrialSpec(dataset, layers, loss, optimizer, epochs, batchSize, schedule, plateau, earlyStopping, backend);
        if (backend == TrainingBackend.Fused && Fused.FusedPath.WhyNot(spec) is { } reason)
        {
            throw new SpecException(trial.KeyPath("backend"), $"fused cannot train this model: {reason}; use auto or torch");
        }

        return spec;
    }

    /// <summary>Reads a dataset mapping on its own, for an export of every row: no split is needed.</summary>
    /// <exception cref="SpecException">The description is invalid.</exception>
    public static DatasetSpec ReadDataset(JsonNode? node, string path = "dataset", string? baseDirectory = null)
    {
        var dataset = new SpecObject(node, path);
        var spec = DatasetReader.Read(dataset, baseDirectory, new DataFiles(), requireSplit: false);
        dataset.EnsureNoUnknownKeys();
        return spec;
    }

    private static void CheckOutput(string path, IReadOnlyList<LayerSpec> layers, string loss, DatasetSpec dataset)
    {
        if (layers[^1] is not DenseSpec output)
        {
            throw new SpecException(path, $"{loss} needs a final dense layer");
        }

        if (loss == BinaryCrossEntropy)
        {
            if (output.Units != 1)
            {
                throw new SpecException(path, $"{loss} needs a final dense layer with 1 unit");
            }

            if (output.Activation != Activation.Sigmoid)
            {
                throw new SpecException(path, $"{loss} needs a sigmoid on the final layer");
            }

            if (dataset.Classes is > 2)
            {
                throw new SpecException(path, $"{loss} is for two classes; the dataset has {dataset.Classes}: use sparse_categorical_crossentropy with a softmax layer of {dataset.Classes} units");
            }

            return;
        }

        if (output.Activation != Activation.Softmax || output.Units < 2)
        {
            throw new SpecException(path, $"{loss} needs a final dense layer with one unit per class (at least 2) and a softmax");
        }

        if (dataset.Classes is { } classes && classes != output.Units)
        {
            throw new SpecException(path, $"the final layer has {output.Units} units but the dataset has {classes} classes");
        }
    }

}
