using System.Globalization;
using System.Text.Json;
using Sweep.Training.Datasets;

namespace Sweep.Training.Tests.Datasets;

public sealed class ScikitGeneratorsTests
{
    private const string FixturePath = "Fixtures/circles_100_noise0.1_rs1.json";

    // The fixture was made by scikit-learn 1.2.1 / numpy 1.24.2; these tests pin us to it bit for bit.
    private static JsonElement LoadFixture()
    {
        var path = Path.Combine(AppContext.BaseDirectory, FixturePath);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }

    private static JsonElement Intermediates() => LoadFixture().GetProperty("intermediates");

    [Fact]
    public void NextUInt32_Seed1_MatchesNumpyTestVector()
    {
        var expected = Intermediates()
            .GetProperty("mt19937_first5_uint32_for_seed_via_randint_2pow32")
            .EnumerateArray()
            .Select(e => e.GetUInt32())
            .ToArray();
        var generator = new LegacyRandomState(1);

        var actual = expected.Select(_ => generator.NextUInt32()).ToArray();

        Assert.Equal(5, expected.Length);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Permutation_Seed1_MatchesSklearnShuffle()
    {
        var expected = Intermediates()
            .GetProperty("shuffle_permutation")
            .EnumerateArray()
            .Select(e => e.GetInt32())
            .ToArray();

        var actual = new LegacyRandomState(1).Permutation(100);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void NextGaussian_AfterShuffleSeed1_MatchesRawNoiseBitForBit()
    {
        var expected = Intermediates()
            .GetProperty("noise_raw_row_major")
            .EnumerateArray()
            .SelectMany(row => row.EnumerateArray().Select(e => e.GetDouble()))
            .ToArray();
        var generator = new LegacyRandomState(1);
        _ = generator.Permutation(100);

        // The fixture stores noise already scaled: normal(scale=0.1) = 0 + 0.1 * gauss.
        var actual = expected.Select(_ => 0.0 + (0.1 * generator.NextGaussian())).ToArray();

        Assert.Equal(200, expected.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(
                BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"noise[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }

    [Fact]
    public void Bounded_Zero_ReturnsZeroWithoutDrawing()
    {
        var drawn = new LegacyRandomState(7);
        var fresh = new LegacyRandomState(7);

        Assert.Equal(0u, drawn.Bounded(0));
        Assert.Equal(fresh.NextUInt32(), drawn.NextUInt32());
    }

    [Fact]
    public void MakeCircles_Fixture_MatchesBitForBit()
    {
        var fixture = LoadFixture();
        var expectedBits = fixture.GetProperty("X_bits_hex")
            .EnumerateArray()
            .Select(row => row.EnumerateArray()
                .Select(e => long.Parse(e.GetString()!, NumberStyles.HexNumber, CultureInfo.InvariantCulture))
                .ToArray())
            .ToArray();
        var expectedLabels = fixture.GetProperty("y").EnumerateArray().Select(e => e.GetInt32()).ToArray();

        var points = ScikitGenerators.MakeCircles(100, 0.1, 1);

        Assert.Equal(100, expectedBits.Length);
        Assert.Equal(expectedBits.Length, points.Features.Length);
        for (var i = 0; i < expectedBits.Length; i++)
        {
            Assert.Equal(2, points.Features[i].Length);
            for (var j = 0; j < 2; j++)
            {
                var actualBits = BitConverter.DoubleToInt64Bits(points.Features[i][j]);
                Assert.True(
                    expectedBits[i][j] == actualBits,
                    $"X[{i},{j}]: expected bits {expectedBits[i][j]:x16}, got {actualBits:x16}");
            }
        }

        Assert.Equal(expectedLabels, points.Labels);
    }

    [Fact]
    public void MakeCircles_Fixture_TrainSplitHasPublishedClassCounts()
    {
        var points = ScikitGenerators.MakeCircles(100, 0.1, 1);

        // REFERENCE.md: rows 0..29 hold 16 ones and 14 zeros.
        Assert.Equal(16, points.Labels.Take(30).Count(label => label == 1));
        Assert.Equal(34, points.Labels.Skip(30).Count(label => label == 1));
    }

    [Fact]
    public void MakeCircles_NoNoise_PointsLieOnBothCircles()
    {
        var points = ScikitGenerators.MakeCircles(101, 0.0, 3, factor: 0.5);

        Assert.Equal(50, points.Labels.Count(label => label == 0));
        Assert.Equal(51, points.Labels.Count(label => label == 1));
        for (var i = 0; i < points.Features.Length; i++)
        {
            var (x, y) = (points.Features[i][0], points.Features[i][1]);
            var expectedSquaredRadius = points.Labels[i] == 0 ? 1.0 : 0.25;
            Assert.Equal(expectedSquaredRadius, (x * x) + (y * y), 1e-12);
        }
    }

    [Fact]
    public void MakeMoons_OddCount_HasShapeAndLabelCounts()
    {
        var points = ScikitGenerators.MakeMoons(101, 0.2, 0);

        Assert.Equal(101, points.Features.Length);
        Assert.Equal(101, points.Labels.Length);
        Assert.All(points.Features, row => Assert.Equal(2, row.Length));

        // n_out = n / 2 goes to label 0, the remainder to label 1.
        Assert.Equal(50, points.Labels.Count(label => label == 0));
        Assert.Equal(51, points.Labels.Count(label => label == 1));
    }

    [Fact]
    public void MakeMoons_SameSeed_ReturnsIdenticalBits()
    {
        var first = ScikitGenerators.MakeMoons(64, 0.1, 42);
        var second = ScikitGenerators.MakeMoons(64, 0.1, 42);

        Assert.Equal(first.Labels, second.Labels);
        Assert.Equal(Bits(first), Bits(second));
    }

    [Fact]
    public void MakeMoons_DifferentSeeds_ReturnDifferentPoints()
    {
        var first = ScikitGenerators.MakeMoons(64, 0.1, 42);
        var second = ScikitGenerators.MakeMoons(64, 0.1, 43);

        Assert.NotEqual(Bits(first), Bits(second));
    }

    [Fact]
    public void MakeMoons_NoNoise_PointsLieOnBothHalfCircles()
    {
        var points = ScikitGenerators.MakeMoons(100, 0.0, 5);

        for (var i = 0; i < points.Features.Length; i++)
        {
            var (x, y) = (points.Features[i][0], points.Features[i][1]);
            if (points.Labels[i] == 0)
            {
                Assert.Equal(1.0, (x * x) + (y * y), 1e-12);
                Assert.True(y >= 0.0, $"row {i}: upper moon point below the axis ({x:R}, {y:R})");
            }
            else
            {
                Assert.Equal(1.0, ((x - 1.0) * (x - 1.0)) + ((y - 0.5) * (y - 0.5)), 1e-12);
                Assert.True(y <= 0.5, $"row {i}: lower moon point above its centre ({x:R}, {y:R})");
            }
        }
    }

    [Fact]
    public void MakeMoons_NoNoise_LastAngleIsExactlyPi()
    {
        // With 26 points per moon, 25 * (π / 25) is one ulp away from π, so only numpy's
        // "y[-1] = stop" gives the point (cos π, sin π) exactly.
        var points = ScikitGenerators.MakeMoons(52, 0.0, 1);
        var expected = (BitConverter.DoubleToInt64Bits(Math.Cos(Math.PI)), BitConverter.DoubleToInt64Bits(Math.Sin(Math.PI)));
        var naiveAngle = 25 * (Math.PI / 25);
        Assert.NotEqual(Math.PI, naiveAngle);

        var upperMoon = points.Features
            .Where((_, i) => points.Labels[i] == 0)
            .Select(row => (BitConverter.DoubleToInt64Bits(row[0]), BitConverter.DoubleToInt64Bits(row[1])));

        Assert.Contains(expected, upperMoon);
    }

    [Fact]
    public void MakeMoons_ZeroNoise_StillDrawsNoiseButLeavesCurveUnchanged()
    {
        // sklearn draws normal(scale=0) because noise is not None: the result equals the curve
        // points, and the shuffle (drawn first) is the same as with any other noise.
        var withoutNoise = ScikitGenerators.MakeMoons(30, 0.0, 9);
        var withNoise = ScikitGenerators.MakeMoons(30, 0.3, 9);

        Assert.Equal(withoutNoise.Labels, withNoise.Labels);
    }

    [Theory]
    [InlineData(1, 0.1, 0.8, 0)]
    [InlineData(10, -0.1, 0.8, 0)]
    [InlineData(10, double.NaN, 0.8, 0)]
    [InlineData(10, 0.1, 1.0, 0)]
    [InlineData(10, 0.1, -0.1, 0)]
    [InlineData(10, 0.1, 0.8, -1)]
    public void MakeCircles_InvalidArgument_Throws(int samples, double noise, double factor, int randomState) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ScikitGenerators.MakeCircles(samples, noise, randomState, factor));

    [Theory]
    [InlineData(1, 0.1, 0)]
    [InlineData(10, -0.1, 0)]
    [InlineData(10, 0.1, -5)]
    public void MakeMoons_InvalidArgument_Throws(int samples, double noise, int randomState) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ScikitGenerators.MakeMoons(samples, noise, randomState));

    private static long[] Bits(LabeledPoints points) =>
        points.Features.SelectMany(row => row).Select(BitConverter.DoubleToInt64Bits).ToArray();
}
