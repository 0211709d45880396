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

    /// <summary>The dataset's training and test rows, as tensors (the TorchSharp engine's form).</summary>
    public static SplitData Load(DatasetSpec spec) => SplitData.From(LoadRows(spec));

    /// <summary>The dataset's training and test rows, standardized on the training rows where the spec asks.</summary>
    public static SplitRows LoadRows(DatasetSpec spec)
    {
        if (spec.Kind == DatasetKind.FashionMnist)
        {
            var (trainPoints, testPoints) = FashionMnist.Read(spec.Path ?? FashionMnist.DefaultDirectory, spec.Samples!.Value, spec.TestSamples!.Value);
            var all = Enumerable.Range(0, trainPoints.Labels.Length).ToArray();
            var (m, sd) = spec.Standardize ? Moments(trainPoints, all) : (null, null);
            var testRows = Enumerable.Range(0, testPoints.Labels.Length).ToArray();
            return new SplitRows(Features(trainPoints, all, m, sd), Labels(trainPoints, all), Features(testPoints, testRows, m, sd), Labels(testPoints, testRows), trainPoints.Features[0].Length);
        }

        var points = Read(spec);
        var (train, test) = Split(spec, points);
        var (mean, scale) = spec.Standardize ? Moments(points, train) : (null, null);
        return new SplitRows(Features(points, train, mean, scale), Labels(points, train), Features(points, test, mean, scale), Labels(points, test), points.Features[0].Length);
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
