using Sweep.Training.Regularizers;
using static TorchSharp.torch;

namespace Sweep.Training.Torch.Layers;

/// <summary>Evaluates the penalties a layer's weights carry.</summary>
internal static class PenalizedWeights
{
    /// <summary>Each weight that has a penalty, with the penalty's value.</summary>
    public static IEnumerable<(string Weight, Tensor Value)> Of(params (string Weight, Tensor Value, IPenalty? Penalty)[] weights) =>
        weights.Where(w => w.Penalty is not null).Select(w => (w.Weight, w.Penalty!.Total(w.Value)));
}
