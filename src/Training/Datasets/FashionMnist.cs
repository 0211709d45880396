namespace Sweep.Training.Datasets;

/// <summary>
/// Fashion-MNIST from its IDX files (Debian's <c>dataset-fashion-mnist</c> installs them in
/// <see cref="DefaultDirectory"/>): the first N training and test images, pixels scaled to [0, 1]
/// as the Keras tutorials do, flattened to 784 features; labels are the 10 classes.
/// </summary>
public static class FashionMnist
{
    /// <summary>Where Debian's package puts the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The four files, gzip-compressed as the package ships them.</summary>
    public static readonly string[] Files =
    [
        "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
    ];

    /// <summary>The number of classes.</summary>
    public const int Classes = 10;

    /// <summary>The images' height and width in pixels.</summary>
    public const int Side = 28;

    /// <summary>The first file missing from <paramref name="directory"/>, or null.</summary>
    public static string? Missing(string directory) => Files.Select(f => Path.Combine(directory, f)).FirstOrDefault(f => !File.Exists(f));

    internal static (LabeledPoints Train, LabeledPoints Test) Read(string directory, int trainSamples, int testSamples) =>
        (Read(directory, "train", trainSamples), Read(directory, "t10k", testSamples));

    private static LabeledPoints Read(string directory, string part, int samples)
    {
        var (pixels, shape) = IdxFile.Read(Path.Combine(directory, $"{part}-images-idx3-ubyte.gz"), samples);
        if (shape is not [Side, Side])
        {
            throw new InvalidDataException($"{Path.Combine(directory, $"{part}-images-idx3-ubyte.gz")}: the images are {string.Join('x', shape)}; Fashion-MNIST's are {Side}x{Side}");
        }

        var (labels, _) = IdxFile.Read(Path.Combine(directory, $"{part}-labels-idx1-ubyte.gz"), samples);
        var size = shape.Aggregate(1, (a, b) => a * b);
        var rows = new double[samples][];
        for (var i = 0; i < samples; i++)
        {
            rows[i] = new double[size];
            for (var p = 0; p < size; p++)
            {
                rows[i][p] = pixels[(i * size) + p] / 255.0;
            }
        }

        return new LabeledPoints(rows, labels.Select(l => (int)l).ToArray());
    }
}
