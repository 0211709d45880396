using Sweep.Training.Fused;
using Sweep.Training.Initializers;
using Sweep.Training.Specs;
using static TorchSharp.torch;

namespace Sweep.Training.Torch;

/// <summary>
/// The fused path's initial weights where an initializer draws only through libtorch (orthogonal, see
/// <see cref="FusedInitialWeights"/>): drawn through libtorch, then handed over as arrays.
/// </summary>
internal static class TorchInitialWeights
{
    /// <summary>
    /// The values of <paramref name="draws"/> in order, each drawn by its initializer from one <c>torch.Generator(seed)</c>,
    /// and that generator's state taken over in managed code.
    /// </summary>
    public static (List<float[]> Values, TorchUniform Generator) Draw(IReadOnlyList<(InitializerSpec Initializer, long[] Shape)> draws, ulong seed)
    {
        TorchRuntime.EnsureLoaded();
        using var generator = new Generator(seed);
        using var _ = no_grad();
        var values = new List<float[]>();
        foreach (var (initializer, shape) in draws)
        {
            using var drawn = InitializerFactory.Create(initializer).Create(shape, generator);
            using var flat = drawn.contiguous();
            values.Add(flat.data<float>().ToArray());
        }

        return (values, TorchUniform.From(generator));
    }
}
