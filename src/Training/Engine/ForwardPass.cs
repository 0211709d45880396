using TorchSharp;

namespace Sweep.Training.Engine;

/// <summary>What a forward pass yields besides the final layer's logits.</summary>
/// <param name="Logits">The final layer's output before its sigmoid, [rows, 1].</param>
/// <param name="Penalty">Training: the batch's activity penalty, reduced as each regularizer asks (a scalar); null without regularizers.</param>
/// <param name="MeanReducedPerRow">Evaluation: per-row penalties of the regularizers reduced by batch mean.</param>
/// <param name="SumReducedPerRow">Evaluation: per-row penalties of the regularizers reduced by sum.</param>
/// <param name="Observed">The observed hidden layer's activated output, when asked for.</param>
internal readonly record struct ForwardPass(
    torch.Tensor Logits,
    torch.Tensor? Penalty,
    torch.Tensor? MeanReducedPerRow,
    torch.Tensor? SumReducedPerRow,
    torch.Tensor? Observed);
