using TorchSharp;

namespace Sweep.Training.Regularizers;

/// <summary>Keras <c>l2</c>: <c>c * sum(x^2)</c>, with no factor 1/2.</summary>
internal sealed class L2Penalty(double coefficient) : IPenalty
{
    public torch.Tensor Total(torch.Tensor x)
    {
        using var scale = coefficient.ToScalar();
        return Square(x).sum().mul_(scale);
    }

    public torch.Tensor PerRow(torch.Tensor x)
    {
        using var scale = coefficient.ToScalar();
        return Square(x).flatten(1).sum(1).mul_(scale);
    }

    // Tensor.square() is pow(2) with an exponent Scalar that nothing holds (see TorchTrainer).
    private static torch.Tensor Square(torch.Tensor x)
    {
        using var two = 2.ToScalar();
        return x.pow(two);
    }
}
