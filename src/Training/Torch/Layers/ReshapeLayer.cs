using static TorchSharp.torch;

namespace Sweep.Training.Torch.Layers;

/// <summary>Keras <c>Reshape</c> (and <c>Flatten</c>, to one dimension): channels-last values in order, laid out anew.</summary>
internal sealed class ReshapeLayer : nn.Module<Tensor, Tensor>
{
    private readonly long[] shape;

    public ReshapeLayer(string name, IReadOnlyList<int> target)
        : base(name)
    {
        shape = [-1, .. target.Select(n => (long)n)];
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => Layouts.FromKeras(Layouts.ToKeras(input).reshape(shape));
}
