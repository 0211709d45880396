using Sweep.Training.Fused;
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

    /// <summary>Where <see cref="TorchNormal"/> reproduces libtorch's normal draws; elsewhere they are drawn through libtorch.</summary>
    public bool DrawsWithoutTorch => TorchNormal.ReproducesLibtorch;

    public float[] Draw(long[] shape, TorchUniform uniform) => Draw(shape, Mean, Stddev, uniform);

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

    /// <summary>
    /// What <see cref="Draw(long[], double, double, Generator)"/> computes, in managed code: <c>masked_scatter_</c> hands the
    /// redrawn values to the rejected positions in order, and each round draws exactly as many as were rejected (often
    /// fewer than 16, which libtorch draws one Box-Muller double at a time, see <see cref="TorchNormal"/>).
    /// </summary>
    internal static float[] Draw(long[] shape, double mean, double stddev, TorchUniform uniform)
    {
        var z = TorchNormal.Draw(shape.Aggregate(1L, (count, size) => count * size), uniform);
        var bound = (float)Bound;
        var rejected = Enumerable.Range(0, z.Length).Where(i => Math.Abs(z[i]) >= bound).ToList();

        // Only the values redrawn in a round can be rejected in the next.
        while (rejected.Count > 0)
        {
            var redrawn = TorchNormal.Draw(rejected.Count, uniform);
            for (var k = 0; k < rejected.Count; k++)
            {
                z[rejected[k]] = redrawn[k];
            }

            rejected = rejected.Where(i => Math.Abs(z[i]) >= bound).ToList();
        }

        RandomNormalInitializer.ScaleAndShift(z, stddev, mean);
        return z;
    }
}
