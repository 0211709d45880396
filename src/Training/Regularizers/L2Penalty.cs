using TorchSharp;

namespace Sweep.Training.Regularizers;

/// <summary>Keras <c>l2</c>: <c>c * sum(x^2)</c>, with no factor 1/2.</summary>
internal sealed class L2Penalty(double coefficient) : IPenalty
{
    public torch.Tensor Total(torch.Tensor x) => x.square().sum().mul_(coefficient);

    public torch.Tensor PerRow(torch.Tensor x) => x.square().flatten(1).sum(1).mul_(coefficient);
}
