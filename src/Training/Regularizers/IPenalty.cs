using TorchSharp;

namespace Sweep.Training.Regularizers;

/// <summary>A Keras regularizer's value on a tensor, coefficients included.</summary>
internal interface IPenalty
{
    /// <summary>The penalty summed over every element (a scalar).</summary>
    torch.Tensor Total(torch.Tensor x);

    /// <summary>The penalty of each row (the first dimension) of a tensor.</summary>
    torch.Tensor PerRow(torch.Tensor x);
}
