using static TorchSharp.torch;

namespace Sweep.Training.Torch;

/// <summary>
/// Moves rows between Keras's channels-last layout and the layout the network computes in: images
/// are NCHW inside (libtorch's convolution layout), sequences and vectors are as in Keras.
/// </summary>
internal static class Layouts
{
    /// <summary>Channels-last [rows, ...shape] to the computing layout.</summary>
    public static Tensor FromKeras(Tensor x) => x.dim() == 4 ? x.permute(0, 3, 1, 2) : x;

    /// <summary>The computing layout to channels-last.</summary>
    public static Tensor ToKeras(Tensor x) => x.dim() == 4 ? x.permute(0, 2, 3, 1) : x;
}
