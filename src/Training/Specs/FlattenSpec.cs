namespace Sweep.Training.Specs;

/// <summary>Keras <c>Flatten</c>: each row's values in channels-last order (row, column, channel) as one vector.</summary>
public sealed record FlattenSpec : LayerSpec;
