using Sweep.Training.Initializers;
using Sweep.Training.Specs;
using Sweep.Training.Torch;

namespace Sweep.Training.Fused;

/// <summary>
/// A fused model's initial weights, drawn as the TorchSharp model draws them: every dense layer's kernel (in, out), then
/// its bias, in layer order, by the same initializers from a generator seeded as <c>torch.Generator(seed)</c>. Uniform,
/// normal and constant initializers draw in managed code from <see cref="TorchUniform"/> (normal values through
/// <see cref="TorchNormal"/>, where <see cref="TorchNormal.ReproducesLibtorch"/>), so a dense sweep never loads libtorch;
/// a model with an orthogonal initializer, or a normal one where the managed draws would differ, draws all its
/// weights through libtorch (<see cref="TorchInitialWeights"/>, see <see cref="IInitializer.DrawsWithoutTorch"/>). Either
/// way the generator goes on in managed code, for the dropout masks.
/// </summary>
internal static class FusedInitialWeights
{
    /// <summary>Each weight's values in draw order (a kernel, then its bias), and the generator where the draws left it.</summary>
    /// <param name="layers">The model's layers.</param>
    /// <param name="features">The width of an input row.</param>
    /// <param name="seed">The trial's generator seed.</param>
    public static (List<float[]> Values, TorchUniform Generator) Draw(IReadOnlyList<LayerSpec> layers, int features, ulong seed)
    {
        var draws = new List<(InitializerSpec Initializer, long[] Shape)>();
        var width = features;
        foreach (var spec in layers.OfType<DenseSpec>())
        {
            draws.Add((spec.Kernel, [width, spec.Units]));
            draws.Add((spec.Bias, [spec.Units]));
            width = spec.Units;
        }

        if (DrawsThroughTorch(layers))
        {
            return TorchInitialWeights.Draw(draws, seed);
        }

        var uniform = TorchUniform.Seeded(seed);
        return (draws.Select(draw => InitializerFactory.Create(draw.Initializer).Draw(draw.Shape, uniform)).ToList(), uniform);
    }

    /// <summary>Whether a model of <paramref name="layers"/> draws its initial weights through libtorch (an initializer that does not draw without it).</summary>
    public static bool DrawsThroughTorch(IEnumerable<LayerSpec> layers) =>
        layers.OfType<DenseSpec>().Any(dense => !InitializerFactory.Create(dense.Kernel).DrawsWithoutTorch || !InitializerFactory.Create(dense.Bias).DrawsWithoutTorch);
}
