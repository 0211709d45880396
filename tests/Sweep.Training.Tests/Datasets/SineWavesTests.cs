using System.Text.Json;
using Sweep.Training.Datasets;

namespace Sweep.Training.Tests.Datasets;

public sealed class SineWavesTests
{
    /// <summary>Fixtures/sine_waves.json was written by the algorithm in SineWaves's summary, run with numpy 1.24.2.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Make_EqualsTheNumpyAlgorithmBitForBit(int index)
    {
        using var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "sine_waves.json")));
        var expected = fixture.RootElement.GetProperty("cases")[index];
        var args = expected.GetProperty("args");

        var points = SineWaves.Make(
            args.GetProperty("samples").GetInt32(),
            args.GetProperty("timesteps").GetInt32(),
            args.GetProperty("n_classes").GetInt32(),
            args.GetProperty("noise").GetDouble(),
            args.GetProperty("random_state").GetInt32());

        var bits = points.Features.Select(row => row.Select(v => BitConverter.DoubleToInt64Bits(v).ToString("x16")).ToArray()).ToArray();
        Assert.Equal(expected.GetProperty("X_bits_hex").EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetString()).ToArray()).ToArray(), bits);
        Assert.Equal(expected.GetProperty("y").EnumerateArray().Select(v => v.GetInt32()).ToArray(), points.Labels);
    }

    [Fact]
    public void Make_ClassesAreBalancedAndEachIsItsFrequency()
    {
        var points = SineWaves.Make(300, 64, 3, 0.0, 5);

        Assert.All(points.Labels.GroupBy(l => l), group => Assert.Equal(100, group.Count()));
        for (var row = 0; row < 30; row++)
        {
            // Without noise, class k crosses zero upwards k + 1 times (give or take one at the ends).
            var wave = points.Features[row];
            var upward = Enumerable.Range(1, wave.Length - 1).Count(t => wave[t - 1] < 0 && wave[t] >= 0);
            Assert.InRange(upward, points.Labels[row], points.Labels[row] + 2);
        }
    }
}
