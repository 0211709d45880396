using Sweep.Training.Fused;
using TorchSharp;
using static TorchSharp.torch;

namespace Sweep.Training.Initializers;

/// <summary>
/// Keras <c>Constant(value=0)</c>, <c>Zeros</c> and <c>Ones</c> as in tf.keras 2.x (<c>initializers_v2.py</c>).
/// Draws nothing from the generator.
/// </summary>
internal sealed class ConstantInitializer(double value = ConstantInitializer.DefaultValue) : IInitializer
{
    public const double DefaultValue = 0.0;

    public static ConstantInitializer Zeros => new(0.0);

    public static ConstantInitializer Ones => new(1.0);

    public double Value { get; } = value;

    public Tensor Create(long[] shape, Generator generator)
    {
        using var value = Value.ToScalar();
        return full(shape, value, ScalarType.Float32);
    }

    public bool DrawsWithoutTorch => true;

    public float[] Draw(long[] shape, TorchUniform uniform)
    {
        var values = new float[shape.Aggregate(1L, (count, size) => count * size)];
        Array.Fill(values, (float)Value);
        return values;
    }
}
