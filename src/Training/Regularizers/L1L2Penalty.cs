using TorchSharp;

namespace Sweep.Training.Regularizers;

/// <summary>Keras <c>l1_l2</c>: <c>c1 * sum(|x|) + c2 * sum(x^2)</c>.</summary>
internal sealed class L1L2Penalty(double l1, double l2) : IPenalty
{
    private readonly L1Penalty first = new(l1);
    private readonly L2Penalty second = new(l2);

    public torch.Tensor Total(torch.Tensor x)
    {
        using var one = 1.ToScalar();
        return first.Total(x).add_(second.Total(x), one);
    }

    public torch.Tensor PerRow(torch.Tensor x)
    {
        using var one = 1.ToScalar();
        return first.PerRow(x).add_(second.PerRow(x), one);
    }
}
