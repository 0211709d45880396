namespace Sweep.Training.Specs;

/// <summary>Keras <c>MaxPooling2D</c>, channels-last: the largest value of each window, per channel.</summary>
/// <param name="PoolSize">The window, [height, width] (Keras default 2x2).</param>
/// <param name="Strides">The step (Keras default: the pool size).</param>
/// <param name="Padding">valid or same; padded positions never win.</param>
public sealed record MaxPooling2DSpec(IReadOnlyList<int> PoolSize, IReadOnlyList<int> Strides, Padding Padding) : LayerSpec;
