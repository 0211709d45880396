using TorchSharp;

namespace Sweep.Training.Regularizers;

/// <summary>Keras <c>l1</c>: <c>c * sum(|x|)</c>.</summary>
internal sealed class L1Penalty(double coefficient) : IPenalty
{
    public torch.Tensor Total(torch.Tensor x)
    {
        using var scale = coefficient.ToScalar();
        return x.abs().sum().mul_(scale);
    }

    public torch.Tensor PerRow(torch.Tensor x)
    {
        using var scale = coefficient.ToScalar();
        return x.abs().flatten(1).sum(1).mul_(scale);
    }
}
