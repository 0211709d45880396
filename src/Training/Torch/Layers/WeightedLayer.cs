using static TorchSharp.torch;

namespace Sweep.Training.Torch.Layers;

/// <summary>A layer with weights that may carry penalties (kernel, recurrent kernel, bias).</summary>
internal abstract class WeightedLayer(string name) : nn.Module<Tensor, Tensor>(name)
{
    /// <summary>Each weight penalty by the weight's name (<c>kernel</c>, <c>recurrent</c>, <c>bias</c>), as scalars.</summary>
    public abstract IEnumerable<(string Weight, Tensor Value)> WeightPenalties();
}
