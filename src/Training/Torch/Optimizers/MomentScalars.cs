using TorchSharp;

namespace Sweep.Training.Torch.Optimizers;

/// <summary>The constants of the Adam family's moment updates, made once per trial and held by its optimizer.</summary>
/// <param name="Beta1">The first moment's decay.</param>
/// <param name="Beta1Complement">1 - <paramref name="Beta1"/>: the weight of the new gradient in the first moment.</param>
/// <param name="Beta2">The second moment's decay.</param>
/// <param name="Beta2Complement">1 - <paramref name="Beta2"/>: the weight of the new squared gradient in the second moment.</param>
/// <param name="Epsilon">Added to the denominator.</param>
internal sealed record MomentScalars(Scalar Beta1, Scalar Beta1Complement, Scalar Beta2, Scalar Beta2Complement, Scalar Epsilon);
