using Sweep.Training.Specs;
using static TorchSharp.torch;

namespace Sweep.Training.Torch.Layers;

/// <summary>Keras <c>MaxPooling2D</c> on NCHW tensors; <c>same</c> pads with -infinity, so padded positions never win.</summary>
internal sealed class MaxPooling2DLayer : nn.Module<Tensor, Tensor>
{
    private readonly long[] window;
    private readonly long[] strides;
    private readonly long[]? padding;

    public MaxPooling2DLayer(string name, int[] input, MaxPooling2DSpec spec)
        : base(name)
    {
        window = [spec.PoolSize[0], spec.PoolSize[1]];
        strides = [spec.Strides[0], spec.Strides[1]];
        padding = spec.Padding == Padding.Same ? Conv2DLayer.SamePadding(input, spec.PoolSize, spec.Strides) : null;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var x = padding is null ? input : nn.functional.pad(input, padding, value: double.NegativeInfinity);
        return nn.functional.max_pool2d(x, window, strides);
    }
}
