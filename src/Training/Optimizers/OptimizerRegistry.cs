using System.Runtime.CompilerServices;
using Sweep.Training.Specs;

namespace Sweep.Training.Optimizers;

/// <summary>
/// The optimizers sweeps offer, tf.keras 2.x's, each described once (<see cref="OptimizerDefinition"/>): its name and
/// Keras's defaults as tf.keras's signature has them. The sweep-file reader and the rules (for the defaults of the settings
/// a spec leaves out, <see cref="Setting(OptimizerSpec, Func{OptimizerSpec, double?}, string?)"/>) look them up here; each
/// engine keeps its rules by these names (<c>TorchOptimizers</c>, <c>FusedOptimizers</c>), and a test checks that both
/// have a rule for every name and no other. Nothing here needs TorchSharp: reading a sweep file never loads it.
/// </summary>
internal static class OptimizerRegistry
{
    /// <summary>Every optimizer, in the order messages list them.</summary>
    public static IReadOnlyList<OptimizerDefinition> All { get; } =
    [
        new(new("sgd", 0.01, Momentum: 0.0, Nesterov: false, Decay: 0.0)),
        new(new("rmsprop", 0.001, Epsilon: 1e-7, Momentum: 0.0, Rho: 0.9, Centered: false)),
        new(new("adagrad", 0.001, Epsilon: 1e-7, InitialAccumulatorValue: 0.1)),
        new(new("adadelta", 0.001, Epsilon: 1e-7, Rho: 0.95)),
        new(new("adam", 0.001, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-7, Amsgrad: false)),
        new(new("adamax", 0.001, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-7)),
        new(new("nadam", 0.001, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-7)),
    ];

    /// <summary>The names of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(optimizer => optimizer.Name)];

    /// <summary>The optimizer named <paramref name="name"/>, one of <see cref="Names"/>.</summary>
    /// <exception cref="ArgumentException">No optimizer has that name.</exception>
    public static OptimizerDefinition Named(string name) =>
        All.FirstOrDefault(optimizer => optimizer.Name == name) ?? throw Unknown(name, nameof(name));

    /// <summary>A number <paramref name="spec"/>'s rule applies: the spec's <paramref name="setting"/>, or else its optimizer's Keras default.</summary>
    /// <exception cref="ArgumentException">The spec's optimizer has no such setting, or no optimizer has the spec's name.</exception>
    public static double Setting(this OptimizerSpec spec, Func<OptimizerSpec, double?> setting, [CallerArgumentExpression(nameof(setting))] string? which = null)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return setting(spec) ?? setting(Of(spec).Defaults) ?? throw NoSuchSetting(spec, which);
    }

    /// <summary>A switch <paramref name="spec"/>'s rule applies: the spec's <paramref name="setting"/>, or else its optimizer's Keras default.</summary>
    /// <exception cref="ArgumentException">The spec's optimizer has no such setting, or no optimizer has the spec's name.</exception>
    public static bool Setting(this OptimizerSpec spec, Func<OptimizerSpec, bool?> setting, [CallerArgumentExpression(nameof(setting))] string? which = null)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return setting(spec) ?? setting(Of(spec).Defaults) ?? throw NoSuchSetting(spec, which);
    }

    private static OptimizerDefinition Of(OptimizerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return All.FirstOrDefault(optimizer => optimizer.Name == spec.Name) ?? throw Unknown(spec.Name, nameof(spec));
    }

    private static ArgumentException NoSuchSetting(OptimizerSpec spec, string? which) => new($"optimizer '{spec.Name}' has no setting {which}", nameof(spec));

    /// <summary>The error for a name no optimizer has, listing those there are.</summary>
    public static ArgumentException Unknown(string name, string parameter) =>
        new($"Unknown optimizer '{name}'; expected one of {string.Join(", ", Names)}.", parameter);
}
