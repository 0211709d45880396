using Sweep.Training.Fused;
using static TorchSharp.torch;

namespace Sweep.Training.Initializers;

/// <summary>
/// Keras <c>VarianceScaling</c> as in tf.keras 2.x (<c>initializers_v2.py</c>, Keras 2.4 to 2.15), with the
/// six named presets glorot_uniform, glorot_normal, he_uniform, he_normal, lecun_uniform and lecun_normal.
/// n is fan_in, fan_out or their mean (see <see cref="Fans"/>), at least 1.
/// </summary>
internal sealed class VarianceScalingInitializer : IInitializer
{
    /// <summary>scipy.stats.truncnorm.std(a=-2, b=2): the std of a unit normal truncated at two sigma.</summary>
    public const double TruncatedUnitStd = 0.87962566103423978;

    public VarianceScalingInitializer(double scale, FanMode mode, ScalingDistribution distribution)
    {
        if (!(scale > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale must be positive.");
        }

        Scale = scale;
        Mode = mode;
        Distribution = distribution;
    }

    public double Scale { get; }

    public FanMode Mode { get; }

    public ScalingDistribution Distribution { get; }

    /// <summary>Glorot (Xavier) uniform: limit sqrt(6 / (fan_in + fan_out)).</summary>
    public static VarianceScalingInitializer GlorotUniform => new(1.0, FanMode.FanAvg, ScalingDistribution.Uniform);

    /// <summary>Glorot normal: std sqrt(2 / (fan_in + fan_out)) after truncation.</summary>
    public static VarianceScalingInitializer GlorotNormal => new(1.0, FanMode.FanAvg, ScalingDistribution.TruncatedNormal);

    /// <summary>He uniform: limit sqrt(6 / fan_in).</summary>
    public static VarianceScalingInitializer HeUniform => new(2.0, FanMode.FanIn, ScalingDistribution.Uniform);

    /// <summary>He normal: std sqrt(2 / fan_in) after truncation.</summary>
    public static VarianceScalingInitializer HeNormal => new(2.0, FanMode.FanIn, ScalingDistribution.TruncatedNormal);

    /// <summary>LeCun uniform: limit sqrt(3 / fan_in).</summary>
    public static VarianceScalingInitializer LecunUniform => new(1.0, FanMode.FanIn, ScalingDistribution.Uniform);

    /// <summary>LeCun normal: std sqrt(1 / fan_in) after truncation.</summary>
    public static VarianceScalingInitializer LecunNormal => new(1.0, FanMode.FanIn, ScalingDistribution.TruncatedNormal);

    /// <summary>scale / max(1, n) for this shape: the variance the drawn values have.</summary>
    public double Variance(long[] shape)
    {
        var (fanIn, fanOut) = Fans.Compute(shape);
        var n = Mode switch
        {
            FanMode.FanIn => fanIn,
            FanMode.FanOut => fanOut,
            _ => (fanIn + fanOut) / 2.0,
        };
        return Scale / Math.Max(1.0, n);
    }

    public Tensor Create(long[] shape, Generator generator) => ForShape(shape).Create(shape, generator);

    /// <summary>The uniform distribution draws in managed code everywhere; the normal ones where <see cref="TorchNormal"/> reproduces libtorch.</summary>
    public bool DrawsWithoutTorch => Distribution == ScalingDistribution.Uniform || TorchNormal.ReproducesLibtorch;

    public float[] Draw(long[] shape, TorchUniform uniform) => ForShape(shape).Draw(shape, uniform);

    // The plain initializer this one is for a shape: its distribution, scaled to Variance(shape). Both Create and Draw
    // go through it, so the torch and the managed draws take the same bounds and the same std.
    private IInitializer ForShape(long[] shape)
    {
        var variance = Variance(shape);
        return Distribution switch
        {
            ScalingDistribution.Uniform => new RandomUniformInitializer(-Math.Sqrt(3.0 * variance), Math.Sqrt(3.0 * variance)),
            ScalingDistribution.TruncatedNormal => new TruncatedNormalInitializer(0.0, Math.Sqrt(variance) / TruncatedUnitStd),
            _ => new RandomNormalInitializer(0.0, Math.Sqrt(variance)),
        };
    }
}
