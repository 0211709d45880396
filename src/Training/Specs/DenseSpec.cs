using System.Text.Json.Serialization;

namespace Sweep.Training.Specs;

/// <summary>
/// Keras <c>Dense</c>: the kernel is stored (in, out); kernel and bias drawn by their initializers
/// (default <c>glorot_uniform</c> and <c>zeros</c>); penalties on the kernel, the bias and the output.
/// </summary>
public sealed record DenseSpec(
    int Units,
    Activation Activation,
    ActivityRegularizerSpec? ActivityRegularizer,
    InitializerSpec? KernelInitializer = null,
    InitializerSpec? BiasInitializer = null,
    RegularizerSpec? KernelRegularizer = null,
    RegularizerSpec? BiasRegularizer = null) : LayerSpec
{
    /// <summary>The kernel initializer in force.</summary>
    [JsonIgnore]
    public InitializerSpec Kernel => KernelInitializer ?? InitializerSpec.GlorotUniform;

    /// <summary>The bias initializer in force.</summary>
    [JsonIgnore]
    public InitializerSpec Bias => BiasInitializer ?? InitializerSpec.Zeros;
}
