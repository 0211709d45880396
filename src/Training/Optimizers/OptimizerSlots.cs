using static TorchSharp.torch;

namespace Sweep.Training.Optimizers;

/// <summary>
/// The per-parameter state tensors ("slots", as TensorFlow calls them) every optimizer keeps.
/// They live as long as the optimizer, so they are detached from any dispose scope.
/// </summary>
internal static class OptimizerSlots
{
    public static Tensor[] Zeros(IReadOnlyList<Tensor> parameters) =>
        parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();

    public static Tensor[] Filled(IReadOnlyList<Tensor> parameters, double value) =>
        parameters.Select(p => full_like(p, value).DetachFromDisposeScope()).ToArray();

    public static void ZeroGrad(IReadOnlyList<Tensor> parameters)
    {
        foreach (var parameter in parameters)
        {
            parameter.grad?.zero_();
        }
    }

    public static void Dispose(params Tensor[][] slots)
    {
        foreach (var slot in slots.SelectMany(s => s))
        {
            slot.Dispose();
        }
    }
}
