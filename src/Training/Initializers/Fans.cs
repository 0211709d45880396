namespace Sweep.Training.Initializers;

/// <summary>
/// Keras's <c>_compute_fans</c> (tf.keras 2.x, <c>keras/initializers/initializers_v2.py</c>) for a
/// Keras-layout shape.
/// </summary>
internal static class Fans
{
    /// <summary>
    /// Rank 0: (1, 1). Rank 1: (shape[0], shape[0]). Rank 2 (in, out): (shape[0], shape[1]).
    /// Higher ranks are convolution kernels (..., in, out): the receptive field is the product of all
    /// but the last two dimensions, and the fans are receptive * shape[-2] and receptive * shape[-1].
    /// </summary>
    public static (long FanIn, long FanOut) Compute(long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        switch (shape.Length)
        {
            case 0:
                return (1, 1);
            case 1:
                return (shape[0], shape[0]);
            case 2:
                return (shape[0], shape[1]);
            default:
                long receptive = 1;
                for (var i = 0; i < shape.Length - 2; i++)
                {
                    receptive *= shape[i];
                }

                return (receptive * shape[^2], receptive * shape[^1]);
        }
    }
}
