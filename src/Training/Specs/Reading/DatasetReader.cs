using Sweep.Training.Datasets;

namespace Sweep.Training.Specs.Reading;

/// <summary>Reads <c>dataset</c>: a generator or a CSV file, and how the rows are split.</summary>
internal static class DatasetReader
{
    /// <param name="dataset">The dataset mapping.</param>
    /// <param name="baseDirectory">Where relative paths start.</param>
    /// <param name="files">Where data files are read, and their hashes.</param>
    /// <param name="requireSplit">Whether train_rows or test_fraction must be given (not for an export of every row).</param>
    public static DatasetSpec Read(SpecObject dataset, string? baseDirectory, DataFiles files, bool requireSplit = true)
    {
        var kind = dataset.Enum<DatasetKind>("kind", null);
        var splitKeys = new[] { "train_rows", "test_fraction", "validation_rows", "validation_fraction", "random_state", "standardize" };
        if (kind == DatasetKind.Csv)
        {
            dataset.Allow([.. splitKeys, "kind", "path", "features", "label", "sha256"]);
            var (path, features, label) = Csv(dataset, baseDirectory, files);
            var (trainRows, testFraction) = Split(dataset, int.MaxValue, requireSplit);
            return WithValidation(dataset, new DatasetSpec(
                kind, null, null, dataset.Int("random_state", 0, 0), null, trainRows, testFraction, path, features, label, dataset.Bool("standardize", false), Sha256: Fingerprint(dataset, path, files)));
        }

        if (kind == DatasetKind.Blobs)
        {
            return Blobs(dataset, splitKeys, requireSplit);
        }

        if (kind == DatasetKind.FashionMnist)
        {
            return FashionMnist(dataset, baseDirectory);
        }

        if (kind == DatasetKind.SineWaves)
        {
            return SineWaves(dataset, splitKeys, requireSplit);
        }

        dataset.Allow([.. splitKeys, "kind", "samples", "noise", "factor"]);
        var samples = dataset.Int("samples", 100, 2, TrialSpecReader.MaxSamples);
        var noise = dataset.Double("noise", 0.0, 0.0);
        var randomState = dataset.Int("random_state", 0, 0);
        if (kind != DatasetKind.Circles && dataset.Has("factor"))
        {
            throw new SpecException(dataset.KeyPath("factor"), "only the circles dataset has a factor");
        }

        double? factor = kind == DatasetKind.Circles ? dataset.Double("factor", 0.8, 0.0, 1.0, maxExclusive: true) : null;
        var (rows, fraction) = Split(dataset, samples - 1, requireSplit);
        return WithValidation(dataset, new DatasetSpec(kind, samples, noise, randomState, factor, rows, fraction, Standardize: dataset.Bool("standardize", false)));
    }

    private static DatasetSpec Blobs(SpecObject dataset, string[] splitKeys, bool requireSplit)
    {
        dataset.Allow([.. splitKeys, "kind", "samples", "centers", "n_features", "cluster_std", "center_box"]);
        var samples = dataset.Int("samples", 100, 2, TrialSpecReader.MaxSamples);
        var centers = dataset.Int("centers", 3, 2, 1000);
        if (centers > samples)
        {
            throw new SpecException(dataset.KeyPath("centers"), $"{centers} centers need at least as many samples, got {samples}");
        }

        double[] box = [-10.0, 10.0];
        if (dataset.Has("center_box"))
        {
            var items = dataset.Array("center_box");
            box = items.Select((item, i) => new SpecObject(new System.Text.Json.Nodes.JsonObject { [$"{i}"] = item?.DeepClone() }, dataset.KeyPath("center_box")).Double($"{i}", null, double.MinValue)).ToArray();
            if (box.Length != 2 || box[1] <= box[0])
            {
                throw new SpecException(dataset.KeyPath("center_box"), "needs two numbers [low, high] with low < high");
            }
        }

        var (rows, fraction) = Split(dataset, samples - 1, requireSplit);
        return WithValidation(dataset, new DatasetSpec(
            DatasetKind.Blobs,
            samples,
            null,
            dataset.Int("random_state", 0, 0),
            null,
            rows,
            fraction,
            Standardize: dataset.Bool("standardize", false),
            Centers: centers,
            ClusterStd: dataset.Double("cluster_std", 1.0, 0.0),
            NFeatures: dataset.Int("n_features", 2, 1, 10_000),
            CenterBox: box));
    }

    private static DatasetSpec SineWaves(SpecObject dataset, string[] splitKeys, bool requireSplit)
    {
        dataset.Allow([.. splitKeys, "kind", "samples", "timesteps", "n_classes", "noise"]);
        var samples = dataset.Int("samples", 200, 2, TrialSpecReader.MaxSamples);
        var classes = dataset.Int("n_classes", 2, 2, 100);
        if (classes > samples)
        {
            throw new SpecException(dataset.KeyPath("n_classes"), $"{classes} classes need at least as many samples, got {samples}");
        }

        var (rows, fraction) = Split(dataset, samples - 1, requireSplit);
        return WithValidation(dataset, new DatasetSpec(
            DatasetKind.SineWaves,
            samples,
            dataset.Double("noise", 0.5, 0.0),
            dataset.Int("random_state", 0, 0),
            null,
            rows,
            fraction,
            Standardize: dataset.Bool("standardize", false),
            Timesteps: dataset.Int("timesteps", 32, 1, 100_000),
            NClasses: classes));
    }

    // The folder stays out of the description unless given: it is where this machine keeps the files, not part of the data.
    private static DatasetSpec FashionMnist(SpecObject dataset, string? baseDirectory)
    {
        // random_state is accepted (its canonical form always has one) but the data has its own fixed split.
        dataset.Allow("kind", "path", "samples", "test_samples", "standardize", "random_state", "validation_rows", "validation_fraction");
        var given = dataset.Text("path");
        var directory = given is null ? null : Path.GetFullPath(given, baseDirectory ?? Directory.GetCurrentDirectory());
        if (Datasets.FashionMnist.Missing(directory ?? Datasets.FashionMnist.DefaultDirectory) is { } missing)
        {
            throw new SpecException(
                dataset.KeyPath(given is null ? "kind" : "path"),
                $"{missing} is missing; install Debian's package (apt-get install dataset-fashion-mnist) or set dataset.path to a folder with {string.Join(", ", Datasets.FashionMnist.Files)}");
        }

        return WithValidation(dataset, new DatasetSpec(
            DatasetKind.FashionMnist,
            dataset.Int("samples", 6000, 1, 60_000),
            null,
            dataset.Int("random_state", 0, 0),
            null,
            null,
            Path: directory,
            Standardize: dataset.Bool("standardize", false),
            TestSamples: dataset.Int("test_samples", 1000, 1, 10_000)));
    }

    // Training rows set aside to validate: the last validation_rows, or a seeded stratified validation_fraction of each label's.
    private static DatasetSpec WithValidation(SpecObject dataset, DatasetSpec spec)
    {
        if (dataset.Has("validation_rows") && dataset.Has("validation_fraction"))
        {
            throw new SpecException(dataset.KeyPath("validation_rows"), "give either validation_rows (the last training rows validate) or validation_fraction (a seeded stratified part of the training rows), not both");
        }

        if (dataset.Has("validation_rows"))
        {
            // With train_rows the training rows are known here; otherwise loading the data checks that one is left to train.
            var most = spec.TrainRows is { } trainRows ? trainRows - 1 : int.MaxValue;
            if (most < 1)
            {
                throw new SpecException(dataset.KeyPath("validation_rows"), $"train_rows is {spec.TrainRows}: no training row is left to set aside and still train on one");
            }

            return spec with { ValidationRows = dataset.Int("validation_rows", null, 1, most) };
        }

        return dataset.Has("validation_fraction")
            ? spec with { ValidationFraction = dataset.Double("validation_fraction", null, 0.0, 1.0, minExclusive: true, maxExclusive: true) }
            : spec;
    }

    private static (int? TrainRows, double? TestFraction) Split(SpecObject dataset, int maxTrainRows, bool required)
    {
        if (!required && !dataset.Has("train_rows") && !dataset.Has("test_fraction"))
        {
            return (null, null);
        }

        if (dataset.Has("train_rows") == dataset.Has("test_fraction"))
        {
            throw new SpecException(dataset.KeyPath("train_rows"), "give either train_rows (the first rows train) or test_fraction (a seeded stratified split), not both or neither");
        }

        return dataset.Has("train_rows")
            ? (dataset.Int("train_rows", null, 1, maxTrainRows), null)
            : (null, dataset.Double("test_fraction", null, 0.0, 1.0, minExclusive: true, maxExclusive: true));
    }

    // The file's hash, checked against the one the configuration was made with, if any.
    private static string Fingerprint(SpecObject dataset, string path, DataFiles files)
    {
        var actual = files.Sha256(path);
        if (dataset.Text("sha256") is { } expected && !string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
        {
            throw new SpecException(dataset.KeyPath("sha256"), $"{path} has changed since the configuration was made: its SHA-256 is {actual}, not {expected}");
        }

        return actual;
    }

    private static (string Path, IReadOnlyList<string> Features, string Label) Csv(SpecObject dataset, string? baseDirectory, DataFiles files)
    {
        var given = dataset.Text("path") ?? throw new SpecException(dataset.KeyPath("path"), "is required for a csv dataset");
        var path = Path.GetFullPath(given, baseDirectory ?? Directory.GetCurrentDirectory());
        IReadOnlyList<string> header;
        try
        {
            header = CsvTable.Header(files.Locate(path));
        }
        catch (InvalidDataException e)
        {
            throw new SpecException(dataset.KeyPath("path"), e.Message);
        }

        var label = dataset.Choice("label", header.Contains("label") ? "label" : null, header);
        var features = dataset.Has("features")
            ? dataset.Array("features").Select((_, i) => new SpecObject(new System.Text.Json.Nodes.JsonObject { [$"{i}"] = dataset.Array("features")[i]?.DeepClone() }, dataset.KeyPath("features")).Choice($"{i}", null, header)).ToArray()
            : header.Where(column => column != label).ToArray();
        if (features.Length == 0 || features.Contains(label))
        {
            throw new SpecException(dataset.KeyPath("features"), $"needs at least one column other than the label '{label}'");
        }

        return (path, features, label);
    }
}
