using Sweep.Training.Specs;

namespace Sweep.Training.Regularizers;

/// <summary>Builds the penalty a regularizer spec describes.</summary>
internal static class Penalties
{
    public static IPenalty Create(RegularizerSpec spec) => spec.Kind switch
    {
        RegularizerKind.L1 => new L1Penalty(spec.L1Coefficient),
        RegularizerKind.L2 => new L2Penalty(spec.L2Coefficient),
        _ => new L1L2Penalty(spec.L1Coefficient, spec.L2Coefficient),
    };
}
