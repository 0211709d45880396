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

    internal static Tensor Draw(long[] shape, double mean, double stddev, Generator generator)
    {
        using var scale = stddev.ToScalar();
        using var shift = mean.ToScalar();
        using var one = 1.ToScalar();
        return randn(shape, ScalarType.Float32, generator: generator).mul_(scale).add_(shift, one);
    }
}
