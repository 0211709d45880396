using Sweep.Training.Fused.Optimizers;
using Sweep.Training.Specs;
using Sweep.Training.Torch.Optimizers;
using static TorchSharp.torch;

namespace Sweep.Training.Optimizers;

/// <summary>
/// The optimizers sweeps offer, tf.keras 2.x's, each described once (<see cref="OptimizerDefinition"/>): its name and
/// Keras's defaults as tf.keras's signature has them, and its rule on each engine. The sweep-file reader, the rules (for
/// the defaults of the settings a spec leaves out, <see cref="Setting(OptimizerSpec, Func{OptimizerSpec, double?})"/>),
/// the TorchSharp engine and the fused engine all look them up here.
/// </summary>
internal static class OptimizerRegistry
{
    /// <summary>Every optimizer, in the order messages list them.</summary>
    public static IReadOnlyList<OptimizerDefinition> All { get; } =
    [
        new(new("sgd", 0.01, Momentum: 0.0, Nesterov: false, Decay: 0.0), (p, s) => new TensorFlowSgd(p, s), (s, n) => new FusedSgd(s, n)),
        new(new("rmsprop", 0.001, Epsilon: 1e-7, Momentum: 0.0, Rho: 0.9, Centered: false), (p, s) => new TensorFlowRmsProp(p, s), (s, n) => new FusedRmsProp(s, n)),
        new(new("adagrad", 0.001, Epsilon: 1e-7, InitialAccumulatorValue: 0.1), (p, s) => new TensorFlowAdagrad(p, s), (s, n) => new FusedAdagrad(s, n)),
        new(new("adadelta", 0.001, Epsilon: 1e-7, Rho: 0.95), (p, s) => new TensorFlowAdadelta(p, s), (s, n) => new FusedAdadelta(s, n)),
        new(new("adam", 0.001, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-7, Amsgrad: false), (p, s) => new TensorFlowAdam(p, s), (s, n) => new FusedAdam(s, n)),
        new(new("adamax", 0.001, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-7), (p, s) => new TensorFlowAdamax(p, s), (s, n) => new FusedAdamax(s, n)),
        new(new("nadam", 0.001, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-7), (p, s) => new TensorFlowNadam(p, s), (s, n) => new FusedNadam(s, n)),
    ];

    /// <summary>The names of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(optimizer => optimizer.Name)];

    /// <summary>The optimizer named <paramref name="name"/>, one of <see cref="Names"/>.</summary>
    /// <exception cref="ArgumentException">No optimizer has that name.</exception>
    public static OptimizerDefinition Named(string name) =>
        All.FirstOrDefault(optimizer => optimizer.Name == name) ?? throw Unknown(name, nameof(name));

    /// <summary>A number <paramref name="spec"/>'s rule applies: the spec's <paramref name="setting"/>, or else its optimizer's Keras default.</summary>
    /// <exception cref="ArgumentException">The spec's optimizer has no such setting, or no optimizer has the spec's name.</exception>
    public static double Setting(this OptimizerSpec spec, Func<OptimizerSpec, double?> setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return setting(spec) ?? setting(Of(spec).Defaults) ?? throw NoSuchSetting(spec);
    }

    /// <summary>A switch <paramref name="spec"/>'s rule applies: the spec's <paramref name="setting"/>, or else its optimizer's Keras default.</summary>
    /// <exception cref="ArgumentException">The spec's optimizer has no such setting, or no optimizer has the spec's name.</exception>
    public static bool Setting(this OptimizerSpec spec, Func<OptimizerSpec, bool?> setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return setting(spec) ?? setting(Of(spec).Defaults) ?? throw NoSuchSetting(spec);
    }

    /// <summary>The TorchSharp rule <paramref name="spec"/> describes, updating <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException">No optimizer has the spec's name.</exception>
    public static IOptimizer Torch(OptimizerSpec spec, IReadOnlyList<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return Of(spec).Torch(parameters, spec);
    }

    /// <summary>The fused rule <paramref name="spec"/> describes, for <paramref name="size"/> parameters in one array.</summary>
    /// <exception cref="ArgumentException">No optimizer has the spec's name.</exception>
    public static FusedOptimizer Fused(OptimizerSpec spec, int size) => Of(spec).Fused(spec, size);

    private static OptimizerDefinition Of(OptimizerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return All.FirstOrDefault(optimizer => optimizer.Name == spec.Name) ?? throw Unknown(spec.Name, nameof(spec));
    }

    private static ArgumentException NoSuchSetting(OptimizerSpec spec) => new($"optimizer '{spec.Name}' has no such setting", nameof(spec));

    private static ArgumentException Unknown(string name, string parameter) =>
        new($"Unknown optimizer '{name}'; expected one of {string.Join(", ", Names)}.", parameter);
}
