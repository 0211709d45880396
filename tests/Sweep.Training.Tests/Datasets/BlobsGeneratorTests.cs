using System.Text.Json;
using Sweep.Training.Datasets;

namespace Sweep.Training.Tests.Datasets;

public sealed class BlobsGeneratorTests
{
    /// <summary>Fixtures/blobs.json was written by scikit-learn 1.2.1 on numpy 1.24.2 (Debian 12's python3-sklearn).</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void MakeBlobs_EqualsScikitLearnBitForBit(int index)
    {
        using var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "blobs.json")));
        var expected = fixture.RootElement.GetProperty("cases")[index];
        var args = expected.GetProperty("args");
        var box = args.TryGetProperty("center_box", out var b) ? b.EnumerateArray().Select(v => v.GetDouble()).ToArray() : [-10.0, 10.0];

        var points = BlobsGenerator.MakeBlobs(
            args.GetProperty("n_samples").GetInt32(),
            args.GetProperty("centers").GetInt32(),
            args.GetProperty("n_features").GetInt32(),
            args.GetProperty("cluster_std").GetDouble(),
            box[0],
            box[1],
            args.GetProperty("random_state").GetInt32());

        var bits = points.Features.Select(row => row.Select(v => BitConverter.DoubleToInt64Bits(v).ToString("x16")).ToArray()).ToArray();
        Assert.Equal(expected.GetProperty("X_bits_hex").EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetString()).ToArray()).ToArray(), bits);
        Assert.Equal(expected.GetProperty("y").EnumerateArray().Select(v => v.GetInt32()).ToArray(), points.Labels);
    }
}
