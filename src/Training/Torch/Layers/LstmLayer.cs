using Sweep.Training.Initializers;
using Sweep.Training.Regularizers;
using Sweep.Training.Specs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sweep.Training.Torch.Layers;

/// <summary>
/// Keras <c>LSTM</c> (tf.keras 2.x <c>LSTMCell</c>, implementation 2) on [rows, timesteps, features]:
/// <c>z = x·W + (h·U) + b</c>, split into the input, forget, cell and output gates;
/// <c>c = f*c + i*act(g)</c>, <c>h = o*act(c)</c>, the gates through the recurrent activation.
/// Weights are drawn kernel, recurrent kernel, bias, as Keras builds them; with unit_forget_bias the
/// bias is the initializer's (units) part, ones, then the initializer's (2*units) part.
/// In training, dropout multiplies the inputs and recurrent dropout the previous state by one mask
/// per sequence, the same at every step, as Keras does.
/// </summary>
internal sealed class LstmLayer : WeightedLayer
{
    private readonly Parameter kernel;
    private readonly Parameter recurrent;
    private readonly Parameter bias;
    private readonly LstmSpec spec;
    private readonly Generator generator;
    private readonly IPenalty? kernelPenalty;
    private readonly IPenalty? recurrentPenalty;
    private readonly IPenalty? biasPenalty;

    public LstmLayer(string name, int features, LstmSpec spec, Generator generator)
        : base(name)
    {
        this.spec = spec;
        this.generator = generator;
        var units = spec.Units;
        using (no_grad())
        {
            kernel = new Parameter(InitializerFactory.Create(spec.Kernel).Create([features, 4 * units], generator));
            recurrent = new Parameter(InitializerFactory.Create(spec.Recurrent).Create([units, 4 * units], generator));
            var biasInitializer = InitializerFactory.Create(spec.Bias);
            if (spec.UnitForgetBias)
            {
                using var input = biasInitializer.Create([units], generator);
                using var forget = ones(units);
                using var rest = biasInitializer.Create([2 * units], generator);
                bias = new Parameter(cat([input, forget, rest]));
            }
            else
            {
                bias = new Parameter(biasInitializer.Create([4 * units], generator));
            }
        }

        kernelPenalty = spec.KernelRegularizer is { } k ? Penalties.Create(k) : null;
        recurrentPenalty = spec.RecurrentRegularizer is { } r ? Penalties.Create(r) : null;
        biasPenalty = spec.BiasRegularizer is { } b ? Penalties.Create(b) : null;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var rows = input.shape[0];
        var steps = input.shape[1];
        var x = training && spec.Dropout > 0 ? input.mul(Mask([rows, 1, input.shape[2]], spec.Dropout)) : input;
        var stateMask = training && spec.RecurrentDropout > 0 ? Mask([rows, spec.Units], spec.RecurrentDropout) : null;

        // Every step's input projection in one product: [rows, timesteps, 4*units].
        using var one = 1.ToScalar();
        var projected = x.matmul(kernel).add_(bias, one);
        var h = zeros(rows, spec.Units);
        var c = zeros(rows, spec.Units);
        var outputs = spec.ReturnSequences ? new Tensor[steps] : null;
        for (var t = 0; t < steps; t++)
        {
            var previous = stateMask is null ? h : h.mul(stateMask);
            var gates = projected.select(1, t).addmm(previous, recurrent, 1, 1).chunk(4, 1);
            var i = Activations.Apply(spec.RecurrentActivation, gates[0]);
            var f = Activations.Apply(spec.RecurrentActivation, gates[1]);
            var g = Activations.Apply(spec.Activation, gates[2]);
            var o = Activations.Apply(spec.RecurrentActivation, gates[3]);
            c = f.mul(c).add(i.mul(g), one);
            h = o.mul(Activations.Apply(spec.Activation, c));
            if (outputs is not null)
            {
                outputs[t] = h;
            }
        }

        return outputs is null ? h : stack(outputs, 1);
    }

    public override IEnumerable<(string Weight, Tensor Value)> WeightPenalties() =>
        PenalizedWeights.Of(("kernel", kernel, kernelPenalty), ("recurrent", recurrent, recurrentPenalty), ("bias", bias, biasPenalty));

    // Inverted dropout as Keras: keep where uniform >= rate, kept values scaled by 1 / (1 - rate).
    private Tensor Mask(long[] shape, double rate)
    {
        using var threshold = rate.ToScalar();
        using var scale = (1.0 / (1.0 - rate)).ToScalar();
        return rand(shape, generator: generator).ge_(threshold).to_type(ScalarType.Float32).mul_(scale);
    }
}
