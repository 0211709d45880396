using Sweep.Training.Specs;
using static TorchSharp.torch;

namespace Sweep.Training.Tests.Engine;

/// <summary>Comparisons of float32 layer outputs with double-precision references, and test inputs.</summary>
internal static class LayerAssert
{
    /// <summary>Absolute and relative tolerance for float32 results against a double reference.</summary>
    public const double Tolerance = 1e-5;

    /// <summary>Every value within <see cref="Tolerance"/> (absolute plus relative) of the reference, in the same order.</summary>
    public static void Close(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var k = 0; k < expected.Length; k++)
        {
            var allowed = Tolerance + (Tolerance * Math.Abs(expected[k]));
            Assert.True(Math.Abs(actual[k] - expected[k]) <= allowed, $"value {k}: expected {expected[k]:R}, got {actual[k]:R}");
        }
    }

    /// <summary>A tensor's values in row-major order (of its contiguous copy).</summary>
    public static float[] Values(Tensor tensor)
    {
        using var contiguous = tensor.contiguous();
        return contiguous.data<float>().ToArray();
    }

    /// <summary>Reproducible values in [low, high), rounded to float32 so the reference sees what the layer sees.</summary>
    public static float[] Uniform(int count, int seed, double low, double high)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(low + ((high - low) * random.NextDouble()))).ToArray();
    }

    /// <summary>A module's parameters by name, as float32 values in row-major order.</summary>
    public static Dictionary<string, float[]> Parameters(nn.Module module) =>
        module.named_parameters().ToDictionary(p => p.name, p => Values(p.parameter));

    /// <summary>One axis of a window, by TensorFlow's rule written out here: its output length and the padding before it.</summary>
    public static (int Output, int Before) Axis(int input, int size, int stride, Padding padding)
    {
        if (padding == Padding.Valid)
        {
            return (((input - size) / stride) + 1, 0);
        }

        var output = (int)Math.Ceiling(input / (double)stride);
        var total = Math.Max(((output - 1) * stride) + size - input, 0);
        return (output, total / 2);
    }
}
