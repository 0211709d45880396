using Sweep.Training.Initializers;
using Sweep.Training.Regularizers;
using Sweep.Training.Specs;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sweep.Training.Torch.Layers;

/// <summary>
/// Keras <c>Conv2D</c> without its activation, on NCHW tensors. The kernel is drawn in Keras's layout
/// (kh, kw, in, out), so that fans and orthogonality are Keras's, then stored as libtorch's
/// (out, in, kh, kw); the bias follows. <c>same</c> padding is TensorFlow's, the odd row or column
/// after, which libtorch's symmetric padding cannot express, so it is padded explicitly.
/// </summary>
internal sealed class Conv2DLayer : WeightedLayer
{
    private readonly Parameter kernel;
    private readonly Parameter bias;
    private readonly long[] strides;
    private readonly long[]? padding;
    private readonly IPenalty? kernelPenalty;
    private readonly IPenalty? biasPenalty;

    /// <param name="name">The module's name.</param>
    /// <param name="input">The input shape, channels-last (height, width, channels).</param>
    /// <param name="spec">The layer.</param>
    /// <param name="generator">The trial's generator.</param>
    public Conv2DLayer(string name, int[] input, Conv2DSpec spec, Generator generator)
        : base(name)
    {
        var (kh, kw) = (spec.KernelSize[0], spec.KernelSize[1]);
        using (no_grad())
        {
            using var keras = InitializerFactory.Create(spec.Kernel).Create([kh, kw, input[2], spec.Filters], generator);
            kernel = new Parameter(keras.permute(3, 2, 0, 1).contiguous());
            bias = new Parameter(InitializerFactory.Create(spec.Bias).Create([spec.Filters], generator));
        }

        strides = [spec.Strides[0], spec.Strides[1]];
        padding = spec.Padding == Padding.Same ? SamePadding(input, spec.KernelSize, spec.Strides) : null;
        kernelPenalty = spec.KernelRegularizer is { } k ? Penalties.Create(k) : null;
        biasPenalty = spec.BiasRegularizer is { } b ? Penalties.Create(b) : null;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var x = padding is null ? input : nn.functional.pad(input, padding);
        return nn.functional.conv2d(x, kernel, bias, strides);
    }

    public override IEnumerable<(string Weight, Tensor Value)> WeightPenalties() => PenalizedWeights.Of(("kernel", kernel, kernelPenalty), ("bias", bias, biasPenalty));

    /// <summary>libtorch's pad argument (left, right, top, bottom) for TensorFlow's SAME, or null when nothing is padded.</summary>
    internal static long[]? SamePadding(int[] input, IReadOnlyList<int> window, IReadOnlyList<int> strides)
    {
        var (top, bottom) = LayerShapes.SamePadding(input[0], window[0], strides[0]);
        var (left, right) = LayerShapes.SamePadding(input[1], window[1], strides[1]);
        return top + bottom + left + right == 0 ? null : [left, right, top, bottom];
    }
}
