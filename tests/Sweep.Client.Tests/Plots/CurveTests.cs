using Sweep.Client.Plots;

namespace Sweep.Client.Tests.Plots;

public sealed class CurveTests
{
    [Fact]
    public void Of_ThreeSeeds_GivesMeanAndSampleDeviationPerEpoch()
    {
        var curve = Curve.Of([[0.2f, 0.4f], [0.4f, 0.6f], [0.6f, 0.8f]]);

        Assert.Equal([1.0, 2.0], curve.Epochs);
        Assert.Equal(0.4, curve.Mean[0], 1e-6);
        Assert.Equal(0.6, curve.Mean[1], 1e-6);
        Assert.Equal(0.2, curve.Std[0], 1e-6);
        Assert.Equal(0.2, curve.Std[1], 1e-6);
    }

    [Fact]
    public void Of_LongHistory_IsSampledEvenlyAndKeepsTheLastEpoch()
    {
        var history = Enumerable.Range(0, 1001).Select(i => (float)i).ToArray();

        var curve = Curve.Of([history], maxPoints: 500);

        Assert.Equal(500, curve.Epochs.Length);
        Assert.Equal(1, curve.Epochs[0]);
        Assert.Equal(1001, curve.Epochs[^1]);
        var steps = curve.Epochs.Zip(curve.Epochs.Skip(1), (a, b) => b - a).Distinct().Order().ToArray();
        Assert.Equal([2.0, 3.0], steps);
        Assert.Equal(1000, curve.Mean[^1]);
        Assert.All(curve.Std, s => Assert.Equal(0, s));
    }

    [Fact]
    public void Of_ShortHistory_KeepsEveryEpoch()
    {
        var curve = Curve.Of([[1f, 2f, 3f]], maxPoints: 500);

        Assert.Equal([1.0, 2.0, 3.0], curve.Epochs);
    }

    [Fact]
    public void Of_SeedsThatStoppedEarlyOrDiverged_AverageWhatIsThere()
    {
        var curve = Curve.Of([[1f, 2f, 3f], [3f, float.NaN], []]);

        Assert.Equal([1.0, 2.0, 3.0], curve.Epochs);
        Assert.Equal([2.0, 2.0, 3.0], curve.Mean);
        Assert.Equal(Math.Sqrt(2), curve.Std[0], 1e-12);
        Assert.Equal(0, curve.Std[1]);
    }

    [Fact]
    public void Of_NoHistories_IsEmpty()
    {
        Assert.True(Curve.Of([]).IsEmpty);
        Assert.True(Curve.Of([[], []]).IsEmpty);
    }
}
