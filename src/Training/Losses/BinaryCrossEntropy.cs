using TorchSharp;
using static TorchSharp.torch;

namespace Sweep.Training.Losses;

/// <summary>
/// Keras <c>binary_crossentropy</c> on a sigmoid output, computed from the logit as tf.keras does
/// since 2.7; <c>binary_accuracy</c> thresholds the sigmoid at 0.5.
/// </summary>
internal sealed class BinaryCrossEntropy : ILoss
{
    public Tensor Mean(Tensor logits, Tensor labels) => nn.functional.binary_cross_entropy_with_logits(logits, labels);

    public Tensor Correct(Tensor logits, Tensor labels)
    {
        using var half = 0.5.ToScalar();
        return logits.detach().sigmoid().gt(half).eq(labels.gt(half)).sum();
    }

    public (double Loss, bool Correct) Row(ReadOnlySpan<float> logits, float label)
    {
        double z = logits[0];
        var loss = Math.Max(z, 0) - (z * label) + Math.Log(1 + Math.Exp(-Math.Abs(z)));
        var predicted = 1f / (1f + MathF.Exp(-logits[0])) > 0.5f;
        return (loss, predicted == label > 0.5f);
    }
}
