using Sweep.Training.Fused;
using TorchSharp;

namespace Sweep.Training.Tests.Fused;

/// <summary>
/// The managed normal sampler draws, bit for bit, what torch.randn draws from a torch.Generator, and leaves the generator
/// (its Mersenne Twister and its kept normal sample) where libtorch leaves it; skipped where it is not known to
/// (<see cref="TorchNormal.Mismatch"/>).
/// </summary>
public sealed class TorchNormalTests
{
    // Every count from 1 to 40 (the scalar path below 16, whole blocks, blocks with a recomputed tail), then larger ones.
    private static readonly int[] Counts =
        [.. Enumerable.Range(1, 40), 100, 255, 257, 1000, 4099, 784 * 64, (784 * 64) + 13];

    public static TheoryData<ulong> Seeds() => [0UL, 1UL, 42UL, 5489UL, 123456789UL, 4294967295UL, 4294967296UL + 17, 18446744073709551615UL];

    [SkippableTheory]
    [MemberData(nameof(Seeds))]
    public void Draw_SequenceFromOneGenerator_EqualsTorchRandnAndContinuesAlike(ulong seed)
    {
        Skip.IfNot(TorchNormal.ReproducesLibtorch, TorchNormal.Mismatch);
        using var generator = new torch.Generator(seed);
        var uniform = TorchUniform.Seeded(seed);

        foreach (var count in Counts)
        {
            using var expected = torch.randn([count], generator: generator);

            var managed = TorchNormal.Draw(count, uniform);

            AssertSame(expected.data<float>().ToArray(), managed, $"seed {seed}, count {count}");
        }

        // An odd number of scalar-path values leaves a kept normal; the next scalar draw must return it.
        using var odd = torch.randn([3], generator: generator);
        using var single = torch.randn([1], generator: generator);
        using var rest = torch.rand([700], generator: generator);
        AssertSame(odd.data<float>().ToArray(), TorchNormal.Draw(3, uniform), "three after the sequence");
        AssertSame(single.data<float>().ToArray(), TorchNormal.Draw(1, uniform), "the kept one");
        Assert.Equal(rest.data<float>().ToArray(), Enumerable.Range(0, 700).Select(_ => uniform.NextFloat()));
    }

    [SkippableTheory]
    [InlineData(7UL, 1, 1)]
    [InlineData(7UL, 3, 5)]
    [InlineData(11UL, 5, 64)]
    [InlineData(11UL, 2, 3)]
    public void From_AfterTorchScalarDraws_KeepsTheNormalTorchKept(ulong seed, int drawnByTorch, int count)
    {
        Skip.IfNot(TorchNormal.ReproducesLibtorch, TorchNormal.Mismatch);
        using var expected = new torch.Generator(seed);
        using var taken = new torch.Generator(seed);
        using var before = torch.randn([drawnByTorch], generator: expected);
        using var alsoBefore = torch.randn([drawnByTorch], generator: taken);
        using var torchDraws = torch.randn([count], generator: expected);
        using var torchSingle = torch.randn([1], generator: expected);
        var uniform = TorchUniform.From(taken);

        Assert.Equal(drawnByTorch % 2 == 1, uniform.NextNormalSample is not null);
        AssertSame(torchDraws.data<float>().ToArray(), TorchNormal.Draw(count, uniform), "after From");
        AssertSame(torchSingle.data<float>().ToArray(), TorchNormal.Draw(1, uniform), "one more");
    }

    [SkippableFact]
    public void NextDoubleNormal_FirstDrawOfSeedZero_IsTheDoubleTorchDraws()
    {
        Skip.IfNot(TorchNormal.ReproducesLibtorch, TorchNormal.Mismatch);
        using var generator = new torch.Generator(0);
        using var pair = torch.randn([2], dtype: torch.float64, generator: generator);
        var uniform = TorchUniform.Seeded(0);

        double[] managed = [TorchNormal.NextDoubleNormal(uniform), TorchNormal.NextDoubleNormal(uniform)];

        Assert.Equal(pair.data<double>().ToArray(), managed);
    }

    /// <summary>Compares bit patterns, so that -0 and +0 (which libtorch's final fma tells apart) differ.</summary>
    internal static void AssertSame(float[] expected, float[] actual, string context)
    {
        Assert.Equal(expected.Length, actual.Length);
        var differing = Enumerable.Range(0, expected.Length)
            .Where(i => BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            .ToList();
        Assert.True(
            differing.Count == 0,
            differing.Count == 0 ? string.Empty
                : $"{context}: {differing.Count} of {expected.Length} differ; first at {differing[0]}: libtorch {expected[differing[0]]:R}, managed {actual[differing[0]]:R}");
    }
}
