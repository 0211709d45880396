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
}
