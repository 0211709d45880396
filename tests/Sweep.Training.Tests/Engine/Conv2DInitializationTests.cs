using Sweep.Training.Initializers;
using Sweep.Training.Specs;
using Sweep.Training.Torch.Layers;
using static TorchSharp.torch;

namespace Sweep.Training.Tests.Engine;

/// <summary>
/// Conv2DLayer's kernel is drawn in Keras's (kh, kw, in, out) layout, so fans are Keras's
/// (fan_in = kh*kw*in, fan_out = kh*kw*out), and stored as libtorch's (out, in, kh, kw).
/// </summary>
public sealed class Conv2DInitializationTests
{
    [Fact]
    public void Constructor_DefaultKernel_GlorotUniformWithKerasFans()
    {
        // 5x5x16x32: fan_in 400, fan_out 800. Fans read off libtorch's layout would give 2560 and 2560.
        var spec = new Conv2DSpec(32, [5, 5], [1, 1], Padding.Valid, Activation.Linear, null);
        using var generator = new Generator(5);
        using var layer = new Conv2DLayer("conv", [8, 8, 16], spec, generator);
        var kernel = LayerAssert.Parameters(layer)["kernel"];
        var bound = Math.Sqrt(6.0 / (400 + 800));

        Assert.Equal(5 * 5 * 16 * 32, kernel.Length);
        Assert.All(kernel, w => Assert.InRange(w, -bound, bound));
        Assert.True(kernel.Max() > 0.99 * bound && kernel.Min() < -0.99 * bound, $"range [{kernel.Min()}, {kernel.Max()}], bound {bound}");
        var mean = kernel.Average(w => (double)w);
        var std = Math.Sqrt(kernel.Sum(w => (w - mean) * (w - mean)) / kernel.Length);
        Assert.InRange(std, 0.97 * bound / Math.Sqrt(3), 1.03 * bound / Math.Sqrt(3));
        Assert.Equal(new float[32], LayerAssert.Parameters(layer)["bias"]);
    }

    [Fact]
    public void Constructor_SameGenerator_KernelIsTheKerasLayoutDrawPermuted()
    {
        // A 3x2 window with 4 inputs and 5 outputs: every axis has its own length, so any wrong permutation shows.
        const int Kh = 3, Kw = 2, In = 4, Out = 5;
        var spec = new Conv2DSpec(Out, [Kh, Kw], [1, 1], Padding.Valid, Activation.Linear, null);
        using var layerGenerator = new Generator(9);
        using var layer = new Conv2DLayer("conv", [6, 6, In], spec, layerGenerator);
        using var drawGenerator = new Generator(9);
        using var keras = InitializerFactory.Create(InitializerSpec.GlorotUniform).Create([Kh, Kw, In, Out], drawGenerator);
        var drawn = LayerAssert.Values(keras);
        var kernel = LayerAssert.Parameters(layer)["kernel"];

        for (var y = 0; y < Kh; y++)
        {
            for (var x = 0; x < Kw; x++)
            {
                for (var i = 0; i < In; i++)
                {
                    for (var o = 0; o < Out; o++)
                    {
                        Assert.Equal(drawn[(((((y * Kw) + x) * In) + i) * Out) + o], kernel[(((((o * In) + i) * Kh) + y) * Kw) + x]);
                    }
                }
            }
        }
    }

    [Fact]
    public void Constructor_OrthogonalKernel_KerasFlattenedColumnsAreOrthonormal()
    {
        // Keras flattens (kh, kw, in, out) to (kh*kw*in, out) = (24, 5): its columns are orthonormal.
        const int Kh = 3, Kw = 2, In = 4, Out = 5;
        var spec = new Conv2DSpec(Out, [Kh, Kw], [1, 1], Padding.Valid, Activation.Linear, null, KernelInitializer: InitializerSpec.Orthogonal);
        using var generator = new Generator(13);
        using var layer = new Conv2DLayer("conv", [6, 6, In], spec, generator);
        var kernel = LayerAssert.Parameters(layer)["kernel"];

        for (var a = 0; a < Out; a++)
        {
            for (var b = 0; b < Out; b++)
            {
                double dot = 0;
                for (var r = 0; r < Kh * Kw * In; r++)
                {
                    var (y, x, i) = (r / (Kw * In), r / In % Kw, r % In);
                    dot += (double)kernel[(((((a * In) + i) * Kh) + y) * Kw) + x] * kernel[(((((b * In) + i) * Kh) + y) * Kw) + x];
                }

                Assert.True(Math.Abs(dot - (a == b ? 1 : 0)) <= 1e-5, $"column {a} · column {b} = {dot}");
            }
        }
    }
}
