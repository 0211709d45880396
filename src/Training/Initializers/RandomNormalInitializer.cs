using Sweep.Training.Fused;
using TorchSharp;
using static TorchSharp.torch;

namespace Sweep.Training.Initializers;

/// <summary>
/// Keras <c>RandomNormal(mean=0, stddev=0.05)</c> as in tf.keras 2.x (<c>initializers_v2.py</c>).
/// </summary>
internal sealed class RandomNormalInitializer(double mean = RandomNormalInitializer.DefaultMean, double stddev = RandomNormalInitializer.DefaultStddev) : IInitializer
{
    public const double DefaultMean = 0.0;
    public const double DefaultStddev = 0.05;

    public double Mean { get; } = mean;

    public double Stddev { get; } = stddev;

    public Tensor Create(long[] shape, Generator generator) => Draw(shape, Mean, Stddev, generator);

    /// <summary>Where <see cref="TorchNormal"/> reproduces libtorch's normal draws; elsewhere they are drawn through libtorch.</summary>
    public bool DrawsWithoutTorch => TorchNormal.ReproducesLibtorch;

    public float[] Draw(long[] shape, TorchUniform uniform) => Draw(shape, Mean, Stddev, uniform);

    internal static Tensor Draw(long[] shape, double mean, double stddev, Generator generator)
    {
        using var scale = stddev.ToScalar();
        using var shift = mean.ToScalar();
        using var one = 1.ToScalar();
        return randn(shape, ScalarType.Float32, generator: generator).mul_(scale).add_(shift, one);
    }

    /// <summary>What <see cref="Draw(long[], double, double, Generator)"/> computes, in managed code (<see cref="TorchNormal"/>).</summary>
    internal static float[] Draw(long[] shape, double mean, double stddev, TorchUniform uniform)
    {
        var values = TorchNormal.Draw(shape.Aggregate(1L, (count, size) => count * size), uniform);
        ScaleAndShift(values, stddev, mean);
        return values;
    }

    /// <summary>
    /// What <c>mul_(scale).add_(shift, 1)</c> does to a float32 tensor: libtorch multiplies and adds in float32, with the
    /// double scalars rounded to float32, one rounding per operation.
    /// </summary>
    internal static void ScaleAndShift(float[] values, double scale, double shift)
    {
        var scale32 = (float)scale;
        var shift32 = (float)shift;
        for (var i = 0; i < values.Length; i++)
        {
            var scaled = values[i] * scale32;
            values[i] = scaled + shift32;
        }
    }
}
