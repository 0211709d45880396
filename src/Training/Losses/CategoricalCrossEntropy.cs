using static TorchSharp.torch;

namespace Sweep.Training.Losses;

/// <summary>
/// Keras <c>categorical_crossentropy</c> / <c>sparse_categorical_crossentropy</c> on a softmax output,
/// computed from the logits (the two differ only in how labels are written; here they are class
/// indices); accuracy is the argmax, the first maximum winning as in numpy.
/// </summary>
internal sealed class CategoricalCrossEntropy : ILoss
{
    public Tensor Mean(Tensor logits, Tensor labels) => nn.functional.cross_entropy(logits, Classes(labels));

    public Tensor Correct(Tensor logits, Tensor labels) => logits.detach().argmax(1).eq(Classes(labels)).sum();

    public (double Loss, bool Correct) Row(ReadOnlySpan<float> logits, float label)
    {
        var target = (int)label;
        var max = double.NegativeInfinity;
        var best = 0;
        for (var k = 0; k < logits.Length; k++)
        {
            if (logits[k] > max)
            {
                max = logits[k];
                best = k;
            }
        }

        double sum = 0;
        foreach (var z in logits)
        {
            sum += Math.Exp(z - max);
        }

        return (max + Math.Log(sum) - logits[target], best == target);
    }

    private static Tensor Classes(Tensor labels) => labels.view(-1).to_type(ScalarType.Int64);
}
