using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sweep.Training.Engine;

/// <summary>
/// Keras <c>Dense</c> without its activation: the kernel is stored (in, out) and drawn
/// <c>glorot_uniform</c> from the trial's generator; the bias starts at zero.
/// </summary>
internal sealed class DenseLayer : nn.Module<Tensor, Tensor>
{
    private readonly Parameter kernel;
    private readonly Parameter bias;

    public DenseLayer(string name, int inputs, int units, Generator generator)
        : base(name)
    {
        var limit = Math.Sqrt(6.0 / (inputs + units));
        using (no_grad())
        {
            kernel = new Parameter(rand([inputs, units], generator: generator).mul_(2 * limit).sub_(limit));
            bias = new Parameter(zeros(units));
        }

        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => addmm(bias, input, kernel, 1, 1);
}
