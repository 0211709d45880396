using Sweep.Training.Specs;
using static TorchSharp.torch;

namespace Sweep.Training.Torch;

/// <summary>The element-wise activations; softmax runs over the features (channels on NCHW images).</summary>
internal static class Activations
{
    public static Tensor Apply(Activation function, Tensor x) => function switch
    {
        Activation.Relu => nn.functional.relu(x),
        Activation.Sigmoid => x.sigmoid(),
        Activation.Tanh => x.tanh(),
        Activation.Softmax => x.softmax(x.dim() == 4 ? 1 : -1),
        _ => x,
    };
}
