using Sweep.Training.Optimizers;
using Sweep.Training.Specs;
using static TorchSharp.torch;

namespace Sweep.Training.Torch.Optimizers;

/// <summary>The TorchSharp engine's rule for each optimizer of <see cref="OptimizerRegistry"/>, by its name.</summary>
internal static class TorchOptimizers
{
    private static readonly Dictionary<string, Func<IReadOnlyList<Tensor>, OptimizerSpec, IOptimizer>> Rules = new(StringComparer.Ordinal)
    {
        ["sgd"] = (p, s) => new TensorFlowSgd(p, s),
        ["rmsprop"] = (p, s) => new TensorFlowRmsProp(p, s),
        ["adagrad"] = (p, s) => new TensorFlowAdagrad(p, s),
        ["adadelta"] = (p, s) => new TensorFlowAdadelta(p, s),
        ["adam"] = (p, s) => new TensorFlowAdam(p, s),
        ["adamax"] = (p, s) => new TensorFlowAdamax(p, s),
        ["nadam"] = (p, s) => new TensorFlowNadam(p, s),
    };

    /// <summary>The names this engine has a rule for.</summary>
    public static IEnumerable<string> Names => Rules.Keys;

    /// <summary>The rule <paramref name="spec"/> describes, updating <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException">No optimizer has the spec's name.</exception>
    public static IOptimizer Create(OptimizerSpec spec, IReadOnlyList<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(parameters);
        return Rules.TryGetValue(spec.Name, out var rule) ? rule(parameters, spec) : throw OptimizerRegistry.Unknown(spec.Name, nameof(spec));
    }
}
