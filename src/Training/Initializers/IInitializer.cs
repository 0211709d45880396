using Sweep.Training.Fused;
using static TorchSharp.torch;

namespace Sweep.Training.Initializers;

/// <summary>
/// Draws the starting values of a weight, as a Keras initializer does.
/// </summary>
internal interface IInitializer
{
    /// <summary>
    /// Creates a float32 tensor of the given Keras-layout shape (a Dense kernel is (in, out), a Conv2D
    /// kernel (kh, kw, in, out)) that does not require grad. Every random draw comes from
    /// <paramref name="generator"/>, never from the process-wide seed.
    /// </summary>
    Tensor Create(long[] shape, Generator generator);

    /// <summary>
    /// Whether <see cref="Draw"/> draws in managed code what <see cref="Create"/> draws. The orthogonal initializer does
    /// not: its QR factorisation is LAPACK's, whose last bits a managed factorisation does not provably repeat. The normal
    /// ones do where <see cref="TorchNormal.ReproducesLibtorch"/> holds.
    /// </summary>
    bool DrawsWithoutTorch => false;

    /// <summary>
    /// The values <see cref="Create"/> draws, flattened in the same order and bit for bit the same, drawn in managed code from
    /// <paramref name="uniform"/> (a generator where <see cref="Create"/>'s would be).
    /// </summary>
    /// <exception cref="NotSupportedException"><see cref="DrawsWithoutTorch"/> is false.</exception>
    float[] Draw(long[] shape, TorchUniform uniform) => throw new NotSupportedException($"{GetType().Name} draws through libtorch only");
}
