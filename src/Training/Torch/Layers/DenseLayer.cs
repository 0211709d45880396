using Sweep.Training.Initializers;
using Sweep.Training.Regularizers;
using Sweep.Training.Specs;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sweep.Training.Torch.Layers;

/// <summary>
/// Keras <c>Dense</c> without its activation: the kernel is stored (in, out); kernel and bias are
/// drawn by their initializers from the trial's generator, kernel first, as Keras builds them.
/// </summary>
internal sealed class DenseLayer : WeightedLayer
{
    private readonly Parameter kernel;
    private readonly Parameter bias;
    private readonly IPenalty? kernelPenalty;
    private readonly IPenalty? biasPenalty;

    public DenseLayer(string name, int inputs, DenseSpec spec, Generator generator)
        : base(name)
    {
        using (no_grad())
        {
            kernel = new Parameter(InitializerFactory.Create(spec.Kernel).Create([inputs, spec.Units], generator));
            bias = new Parameter(InitializerFactory.Create(spec.Bias).Create([spec.Units], generator));
        }

        kernelPenalty = spec.KernelRegularizer is { } k ? Penalties.Create(k) : null;
        biasPenalty = spec.BiasRegularizer is { } b ? Penalties.Create(b) : null;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => addmm(bias, input, kernel, 1, 1);

    public override IEnumerable<(string Weight, Tensor Value)> WeightPenalties() => PenalizedWeights.Of(("kernel", kernel, kernelPenalty), ("bias", bias, biasPenalty));
}
