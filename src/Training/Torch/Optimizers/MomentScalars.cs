using TorchSharp;

namespace Sweep.Training.Torch.Optimizers;

/// <summary>The constants of the Adam family's moment updates, made once per trial and held by its optimizer.</summary>
/// <param name="Beta1">The first moment's decay.</param>
/// <param name="Beta1Complement">1 - <paramref name="Beta1"/>: the weight of the new gradient in the first moment.</param>
/// <param name="Beta2">The second moment's decay.</param>
/// <param name="Beta2Complement">1 - <paramref name="Beta2"/>: the weight of the new squared gradient in the second moment.</param>
/// <param name="Epsilon">Added to the denominator.</param>
internal sealed record MomentScalars(Scalar Beta1, Scalar Beta1Complement, Scalar Beta2, Scalar Beta2Complement, Scalar Epsilon)
{
    /// <summary><c>m = b1 * m + (1 - b1) * g</c>, in place: the first moment's update, the same in every rule of the family.</summary>
    public void UpdateFirst(torch.Tensor moment, torch.Tensor gradient) => moment.mul_(Beta1).add_(gradient, alpha: Beta1Complement);

    /// <summary><c>v = b2 * v + (1 - b2) * g^2</c>, in place: the second moment's update of Adam and Nadam.</summary>
    public void UpdateSecond(torch.Tensor moment, torch.Tensor gradient) => moment.mul_(Beta2).addcmul_(gradient, gradient, value: Beta2Complement);
}
