using System.Text.Json.Serialization;

namespace Sweep.Training.Specs;

/// <summary>
/// Keras <c>LSTM</c> as in tf.keras 2.x: gates in the order input, forget, cell, output; the kernel is
/// (features, 4*units) (default <c>glorot_uniform</c>), the recurrent kernel (units, 4*units) (default
/// <c>orthogonal</c>), the bias (4*units) (default <c>zeros</c>, with the forget gate's part set to 1 when
/// <see cref="UnitForgetBias"/>). It returns the last output, or every step's with <see cref="ReturnSequences"/>.
/// </summary>
/// <param name="Units">The size of the state and the output.</param>
/// <param name="Activation">The cell's activation (default tanh), applied inside the recurrence.</param>
/// <param name="RecurrentActivation">The gates' activation (default sigmoid).</param>
/// <param name="ReturnSequences">Output every time step (timesteps, units) rather than the last (units).</param>
/// <param name="UnitForgetBias">Start the forget gate's bias at 1, as Keras does by default.</param>
/// <param name="Dropout">The fraction of the inputs dropped in training, one mask per sequence for all steps.</param>
/// <param name="RecurrentDropout">The fraction of the previous state dropped in training, one mask per sequence.</param>
/// <param name="ActivityRegularizer">A penalty on the output (after the activation only: it acts inside the recurrence).</param>
/// <param name="KernelInitializer">The input kernel's initializer.</param>
/// <param name="RecurrentInitializer">The recurrent kernel's initializer.</param>
/// <param name="BiasInitializer">The bias's initializer.</param>
/// <param name="KernelRegularizer">A penalty on the input kernel.</param>
/// <param name="RecurrentRegularizer">A penalty on the recurrent kernel.</param>
/// <param name="BiasRegularizer">A penalty on the bias.</param>
public sealed record LstmSpec(
    int Units,
    Activation Activation,
    Activation RecurrentActivation,
    bool ReturnSequences,
    bool UnitForgetBias,
    double Dropout,
    double RecurrentDropout,
    ActivityRegularizerSpec? ActivityRegularizer,
    InitializerSpec? KernelInitializer = null,
    InitializerSpec? RecurrentInitializer = null,
    InitializerSpec? BiasInitializer = null,
    RegularizerSpec? KernelRegularizer = null,
    RegularizerSpec? RecurrentRegularizer = null,
    RegularizerSpec? BiasRegularizer = null) : LayerSpec
{
    /// <summary>The input kernel initializer in force.</summary>
    [JsonIgnore]
    public InitializerSpec Kernel => KernelInitializer ?? InitializerSpec.GlorotUniform;

    /// <summary>The recurrent kernel initializer in force.</summary>
    [JsonIgnore]
    public InitializerSpec Recurrent => RecurrentInitializer ?? InitializerSpec.Orthogonal;

    /// <summary>The bias initializer in force.</summary>
    [JsonIgnore]
    public InitializerSpec Bias => BiasInitializer ?? InitializerSpec.Zeros;
}
