namespace Sweep.Training.Specs;

/// <summary>
/// Keras <c>Reshape(target_shape)</c>: each row's values, in channels-last order, laid out in a new shape
/// with the same number of values (for example a CSV's 20 columns as 10 time steps of 2 features).
/// </summary>
public sealed record ReshapeSpec(IReadOnlyList<int> TargetShape) : LayerSpec;
