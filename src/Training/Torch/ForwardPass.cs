using TorchSharp;

namespace Sweep.Training.Torch;

/// <summary>What a forward pass yields besides the final layer's logits.</summary>
/// <param name="Logits">The final layer's output before its sigmoid, [rows, 1].</param>
/// <param name="Penalty">Training: the batch's activity penalty, reduced as each regularizer asks (a scalar); null without activity regularizers.</param>
/// <param name="Activities">Evaluation: every activity regularizer's per-row penalty.</param>
/// <param name="Observed">The observed hidden layer's activated output, when asked for.</param>
internal readonly record struct ForwardPass(
    torch.Tensor Logits,
    torch.Tensor? Penalty,
    IReadOnlyList<ActivityOutput> Activities,
    torch.Tensor? Observed);
