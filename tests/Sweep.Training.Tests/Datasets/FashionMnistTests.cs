using System.IO.Compression;
using Sweep.Training.Datasets;
using Sweep.Training.Sweeps;
using Sweep.Training.Torch;

namespace Sweep.Training.Tests.Datasets;

public sealed class FashionMnistTests : IDisposable
{
    /// <summary>.ci/run sets this after installing Debian's dataset-fashion-mnist, so that CI always checks the real files.</summary>
    private const string RequireVariable = "SWEEP_REQUIRE_FASHION_MNIST";

    private readonly string directory = Directory.CreateTempSubdirectory("sweep-idx-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_SmallIdx_GivesTheFirstItemsAndTheirShape(bool gzip)
    {
        var path = WriteIdx("images" + (gzip ? ".gz" : ""), [3, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], gzip);

        var (values, shape) = IdxFile.Read(path, 2);

        Assert.Equal([2, 2], shape);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], values);
    }

    [Fact]
    public void Read_TruncatedOrForeignFile_SaysWhatIsWrong()
    {
        var truncated = WriteIdx("short", [3, 2], [1, 2, 3], gzip: false);
        var foreign = Path.Combine(directory, "foreign");
        File.WriteAllBytes(foreign, [0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]);

        var tooFew = Assert.Throws<InvalidDataException>(() => IdxFile.Read(truncated, 2));
        var tooMany = Assert.Throws<InvalidDataException>(() => IdxFile.Read(truncated, 4));
        var notIdx = Assert.Throws<InvalidDataException>(() => IdxFile.Read(foreign, 1));

        Assert.Equal($"{truncated}: ends before 2 items", tooFew.Message);
        Assert.Equal($"{truncated}: 4 items asked for, the file has 3", tooMany.Message);
        Assert.Equal($"{foreign}: not an IDX file of unsigned bytes (magic 89504E47, expected 000008 and a dimension count)", notIdx.Message);
    }

    [Fact]
    public void Train_FashionMnistFolderOfSmallFiles_ScalesPixelsAndUsesTenClasses()
    {
        WriteIdx("train-images-idx3-ubyte.gz", [4, 28, 28], Images(4, [0, 255, 51, 102]), gzip: true);
        WriteIdx("train-labels-idx1-ubyte.gz", [4], [9, 0, 3, 3], gzip: true);
        WriteIdx("t10k-images-idx3-ubyte.gz", [1, 28, 28], Images(1, [255, 255, 255, 255]), gzip: true);
        WriteIdx("t10k-labels-idx1-ubyte.gz", [1], [7], gzip: true);
        var text = $"trial:\n  dataset: {{kind: fashion_mnist, path: {directory}, samples: 3, test_samples: 1}}\n  layers:\n    - {{type: flatten}}\n    - {{type: dense, units: 10, activation: softmax}}\n  loss: sparse_categorical_crossentropy\n  epochs: 2\n";

        var spec = SweepPlan.Expand(SweepFile.Parse(text, "f.yaml")).Configurations.Single().Spec;
        using var data = DatasetLoader.Load(spec.Dataset);
        var result = new TorchTrainer().Train(spec, 0, null, default);

        Assert.Equal([0f, 1f, 0.2f, 0.4f], data.TrainX.data<float>().ToArray().Take(4));
        Assert.Equal(new long[] { 3, 784 }, data.TrainX.shape);
        Assert.Equal([9f, 0f, 3f], data.TrainY.data<float>().ToArray());
        Assert.Equal([7f], data.TestY.data<float>().ToArray());
        Assert.Equal(2, result.History.Loss.Length);
    }

    [Fact]
    public void Train_ImagesThatAreNot28By28_SaysSo()
    {
        WriteIdx("train-images-idx3-ubyte.gz", [2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8], gzip: true);
        WriteIdx("train-labels-idx1-ubyte.gz", [2], [0, 1], gzip: true);
        WriteIdx("t10k-images-idx3-ubyte.gz", [1, 2, 2], [1, 2, 3, 4], gzip: true);
        WriteIdx("t10k-labels-idx1-ubyte.gz", [1], [1], gzip: true);
        var text = $"trial:\n  dataset: {{kind: fashion_mnist, path: {directory}, samples: 2, test_samples: 1}}\n  layers:\n    - {{type: flatten}}\n    - {{type: dense, units: 10, activation: softmax}}\n  loss: sparse_categorical_crossentropy\n  epochs: 1\n";
        var spec = SweepPlan.Expand(SweepFile.Parse(text, "f.yaml")).Configurations.Single().Spec;

        var error = Assert.Throws<InvalidDataException>(() => new TorchTrainer().Train(spec, 0, null, default));

        Assert.Equal($"{directory}/train-images-idx3-ubyte.gz: the images are 2x2; Fashion-MNIST's are 28x28", error.Message);
    }

    [Fact]
    public void Parse_MissingFiles_SaysHowToInstallThem()
    {
        var text = $"trial:\n  dataset: {{kind: fashion_mnist, path: {directory}}}\n  layers:\n    - {{type: flatten}}\n    - {{type: dense, units: 10, activation: softmax}}\n  loss: sparse_categorical_crossentropy\n  epochs: 1\n";

        var error = Assert.Throws<SweepFileException>(() => SweepPlan.Expand(SweepFile.Parse(text, "f.yaml")));

        Assert.Equal($"f.yaml: trial.dataset.path: {directory}/train-images-idx3-ubyte.gz is missing; install Debian's package (apt-get install dataset-fashion-mnist) or set dataset.path to a folder with train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz", error.Message);
    }

    [SkippableFact]
    public void Read_InstalledFashionMnist_HasTheKnownShapeAndLabels()
    {
        SkipUnlessInstalled();

        var (images, shape) = IdxFile.Read(Path.Combine(FashionMnist.DefaultDirectory, "train-images-idx3-ubyte.gz"), 60_000);
        var (labels, _) = IdxFile.Read(Path.Combine(FashionMnist.DefaultDirectory, "t10k-labels-idx1-ubyte.gz"), 10_000);

        Assert.Equal([28, 28], shape);
        Assert.Equal(60_000 * 784, images.Length);
        // Both sets are balanced: 1000 test images per class.
        Assert.All(labels.GroupBy(l => l), group => Assert.Equal(1000, group.Count()));
        Assert.Equal(10, labels.Distinct().Count());
    }

    // Images of 28x28 pixels whose first pixels are given, the rest 0.
    [SkippableFact]
    public void Train_SmallCnnOnInstalledFashionMnist_LearnsTheClasses()
    {
        SkipUnlessInstalled();

        const string text = """
            trial:
              dataset: {kind: fashion_mnist, samples: 600, test_samples: 300}
              layers:
                - {type: conv2d, filters: 8, kernel_size: 3, strides: 2, padding: same, activation: relu}
                - {type: max_pooling2d}
                - {type: flatten}
                - {type: dense, units: 10, activation: softmax}
              loss: sparse_categorical_crossentropy
              optimizer: {name: adam, learning_rate: 0.01}
              batch_size: 32
              epochs: 3
            """;
        var spec = SweepPlan.Expand(SweepFile.Parse(text, "f.yaml")).Configurations.Single().Spec;

        var result = new TorchTrainer().Train(spec, 0, null, default);

        // Ten classes: chance is 0.1; a few epochs on 600 images reach well above 0.6.
        Assert.True(result.TestAccuracy > 0.6, $"test accuracy {result.TestAccuracy}");
    }

    private static byte[] Images(int count, byte[] first)
    {
        var pixels = new byte[count * 784];
        first.CopyTo(pixels, 0);
        return pixels;
    }

    private string WriteIdx(string name, int[] dimensions, byte[] values, bool gzip)
    {
        var path = Path.Combine(directory, name);
        using var file = File.Create(path);
        using Stream target = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file;
        target.Write([0, 0, 0x08, (byte)dimensions.Length]);
        foreach (var size in dimensions)
        {
            target.Write([(byte)(size >> 24), (byte)(size >> 16), (byte)(size >> 8), (byte)size]);
        }

        target.Write(values);
        return path;
    }

    // Where Debian's dataset-fashion-mnist is not installed the test is skipped with the reason, unless RequireVariable is set.
    private static void SkipUnlessInstalled()
    {
        var missing = FashionMnist.Missing(FashionMnist.DefaultDirectory);
        Assert.True(missing is null || Environment.GetEnvironmentVariable(RequireVariable) != "1", $"{RequireVariable}=1 but Fashion-MNIST is not installed in {FashionMnist.DefaultDirectory}");
        Skip.If(missing is not null, $"Fashion-MNIST is not installed in {FashionMnist.DefaultDirectory} (apt-get install dataset-fashion-mnist; .ci/run installs it)");
    }
}
