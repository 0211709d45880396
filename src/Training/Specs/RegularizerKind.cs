namespace Sweep.Training.Specs;

/// <summary>The Keras regularizer family: <c>l1</c>, <c>l2</c> or <c>l1_l2</c>.</summary>
public enum RegularizerKind
{
    L1,
    L2,
    L1L2,
}
