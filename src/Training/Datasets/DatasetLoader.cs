using Sweep.Training.Specs;

namespace Sweep.Training.Datasets;

/// <summary>Generates or reads a dataset, splits it, and optionally standardizes it on the training rows.</summary>
internal static class DatasetLoader
{
    public static LabeledPoints Read(DatasetSpec spec) => spec.Kind switch
    {
        DatasetKind.Moons => ScikitGenerators.MakeMoons(spec.Samples!.Value, spec.Noise ?? 0, spec.RandomState),
        DatasetKind.SineWaves => SineWaves.Make(spec.Samples!.Value, spec.Timesteps!.Value, spec.NClasses!.Value, spec.Noise!.Value, spec.RandomState),
        DatasetKind.Csv => CsvTable.Read(spec.Path!, spec.Features!, spec.Label!),
        DatasetKind.FashionMnist => FashionMnist.Read(spec.Path ?? FashionMnist.DefaultDirectory, spec.Samples!.Value, spec.TestSamples!.Value).Train,
        DatasetKind.Blobs => BlobsGenerator.MakeBlobs(
            spec.Samples!.Value, spec.Centers!.Value, spec.NFeatures!.Value, spec.ClusterStd!.Value, spec.CenterBox![0], spec.CenterBox[1], spec.RandomState),
        _ => ScikitGenerators.MakeCircles(spec.Samples!.Value, spec.Noise ?? 0, spec.RandomState, spec.Factor ?? 0.8),
    };

    /// <summary>The dataset's rows as tensors (the TorchSharp engine's form); see <see cref="LoadRows"/>.</summary>
    public static SplitData Load(DatasetSpec spec) => SplitData.From(LoadRows(spec));

    /// <summary>
    /// The dataset's training, validation and test rows, standardized on the rows that train where the spec asks.
    /// </summary>
    /// <exception cref="InvalidDataException">The split leaves no rows to train, validate or test on.</exception>
    public static SplitRows LoadRows(DatasetSpec spec)
    {
        if (spec.Kind == DatasetKind.FashionMnist)
        {
            var (trainPoints, testPoints) = FashionMnist.Read(spec.Path ?? FashionMnist.DefaultDirectory, spec.Samples!.Value, spec.TestSamples!.Value);
            var (fashionTrain, fashionValidation) = CarveValidation(spec, trainPoints.Labels, Enumerable.Range(0, trainPoints.Labels.Length).ToArray());
            return Rows(spec, trainPoints, fashionTrain, fashionValidation, testPoints, Enumerable.Range(0, testPoints.Labels.Length).ToArray());
        }

        var points = Read(spec);
        var (rest, test) = Split(spec, points);
        var (train, validation) = CarveValidation(spec, points.Labels, rest);
        return Rows(spec, points, train, validation, points, test);
    }

    /// <summary>
    /// Sets aside the training rows that validate instead of training: the last <c>validation_rows</c> of them (as Keras's
    /// <c>validation_split</c> takes the last rows), or a seeded stratified <c>validation_fraction</c> of each label's
    /// (numpy's legacy MT19937 seeded with <c>random_state</c>, as the test split). Without either, none.
    /// </summary>
    /// <exception cref="InvalidDataException">No training row would be left.</exception>
    public static (int[] Train, int[] Validation) CarveValidation(DatasetSpec spec, IReadOnlyList<int> labels, int[] train)
    {
        if (spec.ValidationRows is { } count)
        {
            return count < train.Length
                ? (train[..^count], train[^count..])
                : throw new InvalidDataException($"validation_rows is {count} but there are only {train.Length} training rows; at least one must train");
        }

        if (spec.ValidationFraction is not { } fraction)
        {
            return (train, []);
        }

        var trainLabels = train.Select(row => labels[row]).ToArray();
        var (keep, carve) = DatasetSplitter.Stratified(trainLabels, fraction, spec.RandomState);

        // Each label's share is rounded up: a label with few training rows can lose them all, and then never trains.
        var gone = trainLabels.Distinct().Order().FirstOrDefault(label => !keep.Any(i => trainLabels[i] == label), -1);
        return gone < 0
            ? (keep.Select(i => train[i]).ToArray(), carve.Select(i => train[i]).ToArray())
            : throw new InvalidDataException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"validation_fraction {fraction} sets aside every training row of label {gone} ({trainLabels.Count(l => l == gone)} of them, the share rounded up), so it would never train; use a smaller fraction or validation_rows"));
    }

    private static SplitRows Rows(DatasetSpec spec, LabeledPoints trainPoints, int[] train, int[] validation, LabeledPoints testPoints, int[] test)
    {
        var (mean, scale) = spec.Standardize ? Moments(trainPoints, train) : (null, null);
        return new SplitRows(
            Features(trainPoints, train, mean, scale), Labels(trainPoints, train), Features(testPoints, test, mean, scale), Labels(testPoints, test), trainPoints.Features[0].Length)
        {
            ValidationX = Features(trainPoints, validation, mean, scale),
            ValidationY = Labels(trainPoints, validation),
        };
    }

    /// <summary>The rows trials train on and the rows they are tested on, for a generated or CSV dataset.</summary>
    public static (int[] Train, int[] Test) Split(DatasetSpec spec, LabeledPoints points)
    {
        var rows = points.Labels.Length;
        if (spec.TrainRows is { } trainRows && trainRows >= rows)
        {
            throw new InvalidDataException($"train_rows is {trainRows} but the dataset has only {rows} rows");
        }

        return spec.TrainRows is { } first
            ? DatasetSplitter.FirstRows(rows, first)
            : DatasetSplitter.Stratified(points.Labels, spec.TestFraction!.Value, spec.RandomState);
    }

    // As scikit-learn's StandardScaler: population standard deviation, and 1 where it is 0.
    private static (double[] Mean, double[] Scale) Moments(LabeledPoints points, int[] rows)
    {
        var columns = points.Features[0].Length;
        var mean = new double[columns];
        var scale = new double[columns];
        for (var c = 0; c < columns; c++)
        {
            mean[c] = rows.Average(r => points.Features[r][c]);
            var variance = rows.Average(r => Math.Pow(points.Features[r][c] - mean[c], 2));
            scale[c] = variance > 0 ? Math.Sqrt(variance) : 1;
        }

        return (mean, scale);
    }

    private static float[] Features(LabeledPoints points, int[] rows, double[]? mean, double[]? scale)
    {
        var columns = points.Features[0].Length;
        var values = new float[rows.Length * columns];
        for (var i = 0; i < rows.Length; i++)
        {
            for (var c = 0; c < columns; c++)
            {
                var value = points.Features[rows[i]][c];
                values[(i * columns) + c] = (float)(mean is null ? value : (value - mean[c]) / scale![c]);
            }
        }

        return values;
    }

    private static float[] Labels(LabeledPoints points, int[] rows) => rows.Select(r => (float)points.Labels[r]).ToArray();
}
