using TorchSharp;
using static TorchSharp.torch;

namespace Sweep.Training.Initializers;

/// <summary>
/// Keras <c>TruncatedNormal(mean=0, stddev=0.05)</c> as in tf.keras 2.x (<c>initializers_v2.py</c>, which
/// calls <c>tf.random.truncated_normal</c>): values two or more standard deviations from the mean are
/// discarded and redrawn, so <see cref="Stddev"/> is the std before truncation.
/// </summary>
internal sealed class TruncatedNormalInitializer(double mean = TruncatedNormalInitializer.DefaultMean, double stddev = TruncatedNormalInitializer.DefaultStddev) : IInitializer
{
    public const double DefaultMean = 0.0;
    public const double DefaultStddev = 0.05;

    /// <summary>How many standard deviations from the mean a value may lie (exclusive).</summary>
    public const double Bound = 2.0;

    public double Mean { get; } = mean;

    public double Stddev { get; } = stddev;

    public Tensor Create(long[] shape, Generator generator) => Draw(shape, Mean, Stddev, generator);

    internal static Tensor Draw(long[] shape, double mean, double stddev, Generator generator)
    {
        using var scope = NewDisposeScope();
        var z = randn(shape, ScalarType.Float32, generator: generator);
        using var bound = Bound.ToScalar();
        // Redraw only the rejected values, in place, until none is left: about 4.6% per round.
        while (true)
        {
            var rejected = z.abs().ge(bound);
            var count = rejected.sum().item<long>();
            if (count == 0)
            {
                break;
            }

            z.masked_scatter_(rejected, randn([count], ScalarType.Float32, generator: generator));
        }

        using var scale = stddev.ToScalar();
        using var shift = mean.ToScalar();
        using var one = 1.ToScalar();
        return z.mul_(scale).add_(shift, one).MoveToOuterDisposeScope();
    }
}
