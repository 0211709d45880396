namespace Sweep.Training.Specs;

/// <summary>Keras <c>Dropout(rate)</c>: inverted dropout in training (kept units scaled by 1/(1-rate)), identity in evaluation.</summary>
public sealed record DropoutSpec(double Rate) : LayerSpec;
