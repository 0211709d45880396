using System.Text.Json.Serialization;

namespace Sweep.Training.Specs;

/// <summary>
/// Keras <c>Conv2D</c>, channels-last: the kernel is (kh, kw, in, out), drawn by its initializer
/// (default <c>glorot_uniform</c> with fan_in = kh*kw*in, fan_out = kh*kw*out), the bias by <c>zeros</c>;
/// penalties on the kernel, the bias and the output.
/// </summary>
/// <param name="Filters">The number of output channels.</param>
/// <param name="KernelSize">The window, [height, width].</param>
/// <param name="Strides">The step, [vertical, horizontal].</param>
/// <param name="Padding">valid or same.</param>
/// <param name="Activation">The activation applied to the output.</param>
/// <param name="ActivityRegularizer">A penalty on the output, before or after the activation.</param>
/// <param name="KernelInitializer">The kernel's initializer.</param>
/// <param name="BiasInitializer">The bias's initializer.</param>
/// <param name="KernelRegularizer">A penalty on the kernel.</param>
/// <param name="BiasRegularizer">A penalty on the bias.</param>
public sealed record Conv2DSpec(
    int Filters,
    IReadOnlyList<int> KernelSize,
    IReadOnlyList<int> Strides,
    Padding Padding,
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
