using TorchSharp;
using static TorchSharp.torch;

namespace Sweep.Training.Initializers;

/// <summary>
/// Keras <c>Orthogonal(gain=1)</c> as in tf.keras 2.x (<c>initializers_v2.py</c>): the shape is flattened to
/// (prod(shape[:-1]), shape[-1]); a normal matrix of shape (max, min) of those is QR-factorised, Q's
/// columns are multiplied by sign(diag(R)), Q is transposed when there are fewer rows than columns,
/// and the result times the gain is reshaped to the shape. So the rows (fewer rows) or the columns
/// (otherwise) are orthogonal with norm gain.
/// </summary>
internal sealed class OrthogonalInitializer(double gain = OrthogonalInitializer.DefaultGain) : IInitializer
{
    public const double DefaultGain = 1.0;

    public double Gain { get; } = gain;

    public Tensor Create(long[] shape, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length < 2)
        {
            throw new ArgumentException(
                $"The orthogonal initializer needs a shape of rank 2 or more; got ({string.Join(", ", shape)}).",
                nameof(shape));
        }

        long rows = 1;
        for (var i = 0; i < shape.Length - 1; i++)
        {
            rows *= shape[i];
        }

        var cols = shape[^1];

        using var scope = NewDisposeScope();
        var a = randn([Math.Max(rows, cols), Math.Min(rows, cols)], ScalarType.Float32, generator: generator);
        // The factorisation runs in float64 so that the float32 result is orthogonal to float32 precision.
        var (q, r) = linalg.qr(a.to_type(ScalarType.Float64));
        q = q.mul(r.diagonal().sign());
        if (rows < cols)
        {
            q = q.t();
        }

        using var gain = Gain.ToScalar();
        return q.mul(gain).to_type(ScalarType.Float32).reshape(shape).contiguous().MoveToOuterDisposeScope();
    }
}
