using static TorchSharp.torch;

namespace Sweep.Training.Losses;

/// <summary>A loss computed from the final layer's logits, with the accuracy Keras pairs with it.</summary>
internal interface ILoss
{
    /// <summary>The batch's mean loss; <paramref name="labels"/> is [rows, 1] holding 0/1 or a class index.</summary>
    Tensor Mean(Tensor logits, Tensor labels);

    /// <summary>How many rows the logits classify correctly (a scalar).</summary>
    Tensor Correct(Tensor logits, Tensor labels);

    /// <summary>One row's loss and whether it is classified correctly, in double precision.</summary>
    (double Loss, bool Correct) Row(ReadOnlySpan<float> logits, float label);
}
