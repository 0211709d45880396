using Sweep.Training.Initializers;

namespace Sweep.Training.Tests.Initializers;

public sealed class FansTests
{
    [Theory]
    [InlineData(new long[] { 500, 400 }, 500, 400)]
    [InlineData(new long[] { 3, 3, 64, 128 }, 3 * 3 * 64, 3 * 3 * 128)]
    [InlineData(new long[] { 5, 16, 32 }, 5 * 16, 5 * 32)]
    [InlineData(new long[] { 2, 3, 4, 5, 6 }, 2 * 3 * 4 * 5, 2 * 3 * 4 * 6)]
    [InlineData(new long[] { 7 }, 7, 7)]
    [InlineData(new long[] { }, 1, 1)]
    public void Compute_KerasLayoutShape_MatchesKerasComputeFans(long[] shape, long fanIn, long fanOut)
    {
        Assert.Equal((fanIn, fanOut), Fans.Compute(shape));
    }
}
