namespace Sweep.Training.Specs;

/// <summary>
/// Keras <c>Dense</c>: kernel <c>glorot_uniform</c> stored (in, out), bias zeros, then the activation.
/// </summary>
public sealed record DenseSpec(int Units, Activation Activation, ActivityRegularizerSpec? ActivityRegularizer) : LayerSpec;
