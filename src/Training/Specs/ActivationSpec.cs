namespace Sweep.Training.Specs;

/// <summary>Keras <c>Activation</c>: applies a function to the previous layer's output.</summary>
public sealed record ActivationSpec(Activation Activation) : LayerSpec;
