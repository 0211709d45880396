using Sweep.Training.Fused;
using TorchSharp;

namespace Sweep.Training.Tests.Fused;

/// <summary>The managed continuation of a torch.Generator draws exactly what torch.rand draws from it.</summary>
public sealed class TorchUniformTests
{
    [Theory]
    [InlineData(0, 0, 2000)]
    [InlineData(7, 0, 1300)]
    [InlineData(7, 623, 5)]
    [InlineData(7, 624, 700)]
    [InlineData(123456789, 700, 1500)]
    [InlineData(42, 3000, 4000)]
    public void NextFloat_AfterTorchDraws_ContinuesAsTorchRand(int seed, int drawnByTorch, int count)
    {
        using var expected = new torch.Generator((ulong)seed);
        using var taken = new torch.Generator((ulong)seed);
        if (drawnByTorch > 0)
        {
            using var before = torch.rand([drawnByTorch], generator: expected);
            using var alsoBefore = torch.rand([drawnByTorch], generator: taken);
        }

        using var torchDraws = torch.rand([count], generator: expected);
        var uniform = TorchUniform.From(taken);
        var managed = Enumerable.Range(0, count).Select(_ => uniform.NextFloat()).ToArray();

        Assert.Equal(torchDraws.data<float>().ToArray(), managed);
    }

    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(7, 622, 1)]
    [InlineData(7, 623, 9)]
    [InlineData(7, 624, 17)]
    [InlineData(123456789, 700, 623)]
    [InlineData(42, 3000, 625)]
    [InlineData(42, 5, 2000)]
    public void Fill_InChunksAfterTorchDraws_ContinuesAsTorchRand(int seed, int drawnByTorch, int chunk)
    {
        using var generator = new torch.Generator((ulong)seed);
        using var before = torch.rand([drawnByTorch + 1], generator: generator);
        using var torchDraws = torch.rand([5000], generator: generator);
        var uniform = TorchUniform.Seeded((ulong)seed);
        for (var i = 0; i <= drawnByTorch; i++)
        {
            uniform.NextFloat();
        }

        var managed = new float[5000];
        for (var start = 0; start < managed.Length; start += chunk)
        {
            uniform.Fill(managed.AsSpan(start, Math.Min(chunk, managed.Length - start)));
        }

        Assert.Equal(torchDraws.data<float>().ToArray(), managed);
        using var after = torch.rand([1], generator: generator);
        Assert.Equal(after.data<float>()[0], uniform.NextFloat());
    }

    [Fact]
    public void NextFloat_AfterNormalAndUniformInitializers_ContinuesAsTorchRand()
    {
        using var expected = new torch.Generator(5);
        using var taken = new torch.Generator(5);
        foreach (var generator in new[] { expected, taken })
        {
            using var normal = torch.randn([37, 5], generator: generator);
            using var small = torch.randn([3], generator: generator);
            using var uniform = torch.empty([11, 13]).uniform_(-0.5, 0.5, generator: generator);
        }

        using var torchDraws = torch.rand([64, 32], generator: expected);
        var managed = TorchUniform.From(taken);

        Assert.Equal(torchDraws.data<float>().ToArray(), Enumerable.Range(0, 64 * 32).Select(_ => managed.NextFloat()));
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(3UL)]
    [InlineData(5489UL)]
    [InlineData(4294967295UL)]
    [InlineData(4294967296UL + 17)]
    [InlineData(18446744073709551615UL)]
    public void Seeded_DrawsWhatAFreshTorchGeneratorDraws(ulong seed)
    {
        using var generator = new torch.Generator(seed);
        using var torchDraws = torch.rand([2000], generator: generator);
        var uniform = TorchUniform.Seeded(seed);

        Assert.Equal(torchDraws.data<float>().ToArray(), Enumerable.Range(0, 2000).Select(_ => uniform.NextFloat()));
    }
}
