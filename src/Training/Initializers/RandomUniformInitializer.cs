using Sweep.Training.Fused;
using TorchSharp;
using static TorchSharp.torch;

namespace Sweep.Training.Initializers;

/// <summary>
/// Keras <c>RandomUniform(minval=-0.05, maxval=0.05)</c> as in tf.keras 2.x (<c>initializers_v2.py</c>):
/// minval + U[0, 1) * (maxval - minval).
/// </summary>
internal sealed class RandomUniformInitializer(double minval = RandomUniformInitializer.DefaultMinval, double maxval = RandomUniformInitializer.DefaultMaxval) : IInitializer
{
    public const double DefaultMinval = -0.05;
    public const double DefaultMaxval = 0.05;

    public double Minval { get; } = minval;

    public double Maxval { get; } = maxval;

    public Tensor Create(long[] shape, Generator generator) => Draw(shape, Minval, Maxval, generator);

    public bool DrawsWithoutTorch => true;

    public float[] Draw(long[] shape, TorchUniform uniform) => Draw(shape, Minval, Maxval, uniform);

    internal static Tensor Draw(long[] shape, double minval, double maxval, Generator generator)
    {
        using var scale = (maxval - minval).ToScalar();
        using var shift = minval.ToScalar();
        using var one = 1.ToScalar();
        return rand(shape, ScalarType.Float32, generator: generator).mul_(scale).add_(shift, one);
    }

    /// <summary>
    /// What <see cref="Draw(long[], double, double, Generator)"/> computes, in managed code: libtorch multiplies and adds
    /// in float32, with the double scalars rounded to float32, one rounding per operation.
    /// </summary>
    internal static float[] Draw(long[] shape, double minval, double maxval, TorchUniform uniform)
    {
        var scale = (float)(maxval - minval);
        var shift = (float)minval;
        var values = new float[shape.Aggregate(1L, (count, size) => count * size)];
        for (var i = 0; i < values.Length; i++)
        {
            var scaled = uniform.NextFloat() * scale;
            values[i] = scaled + shift;
        }

        return values;
    }
}
