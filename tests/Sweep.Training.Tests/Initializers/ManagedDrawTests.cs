using Sweep.Training.Fused;
using Sweep.Training.Initializers;
using Sweep.Training.Specs;
using Sweep.Training.Tests.Fused;
using static TorchSharp.torch;

namespace Sweep.Training.Tests.Initializers;

/// <summary>
/// The initializers that draw without libtorch draw, bit for bit, what they draw through it, and leave the generator
/// where libtorch leaves it; the orthogonal one says it needs libtorch, and the normal ones do where the managed normal
/// draws are not known to equal libtorch's.
/// </summary>
public sealed class ManagedDrawTests
{
    public static TheoryData<string, double?, double?, double?> Managed() => new()
    {
        { "glorot_uniform", null, null, null },
        { "he_uniform", null, null, null },
        { "lecun_uniform", null, null, null },
        { "random_uniform", null, null, null },
        { "random_uniform", -0.1, 0.3, null },
        { "random_uniform", -1e-3, 7.5, null },
        { "zeros", null, null, null },
        { "ones", null, null, null },
        { "constant", null, null, 0.3 },
        { "glorot_normal", null, null, null },
        { "he_normal", null, null, null },
        { "lecun_normal", null, null, null },
        { "random_normal", null, null, null },
        { "truncated_normal", null, null, null },
    };

    [SkippableTheory]
    [MemberData(nameof(Managed))]
    public void Draw_WithoutTorch_EqualsTorchsDrawAndLeavesTheGeneratorAlike(string name, double? minval, double? maxval, double? value)
    {
        var initializer = InitializerFactory.Create(new InitializerSpec(name, Minval: minval, Maxval: maxval, Value: value));
        Assert.Equal(!name.EndsWith("_normal", StringComparison.Ordinal) || TorchNormal.ReproducesLibtorch, initializer.DrawsWithoutTorch);
        Skip.IfNot(initializer.DrawsWithoutTorch, TorchNormal.Mismatch);
        foreach (var (shape, seed) in new (long[], ulong)[] { ([2, 500], 1), ([500, 1], 7), ([1], 123456789), ([3, 3, 4, 8], 42), ([64], 0), ([784, 64], 4294967296UL + 17), ([7], 3), ([13, 1], 5) })
        {
            using var generator = new Generator(seed);
            using var drawn = initializer.Create(shape, generator);
            using var after = rand([700], generator: generator);
            var uniform = TorchUniform.Seeded(seed);

            var managed = initializer.Draw(shape, uniform);

            TorchNormalTests.AssertSame(drawn.contiguous().data<float>().ToArray(), managed, $"{name} {string.Join("x", shape)} seed {seed}");
            Assert.Equal(after.data<float>().ToArray(), Enumerable.Range(0, 700).Select(_ => uniform.NextFloat()));
        }
    }

    [Fact]
    public void Draw_Orthogonal_NeedsTorch()
    {
        const string name = "orthogonal";
        var initializer = InitializerFactory.Create(new InitializerSpec(name));

        Assert.False(initializer.DrawsWithoutTorch);
        Assert.Throws<NotSupportedException>(() => initializer.Draw([4, 4], TorchUniform.Seeded(1)));
    }
}
