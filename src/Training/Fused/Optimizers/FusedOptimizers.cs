using Sweep.Training.Specs;

namespace Sweep.Training.Fused.Optimizers;

/// <summary>The fused engine's rule for each optimizer of <see cref="Training.Optimizers.OptimizerRegistry"/>, by its name.</summary>
internal static class FusedOptimizers
{
    private static readonly Dictionary<string, Func<OptimizerSpec, int, FusedOptimizer>> Rules = new(StringComparer.Ordinal)
    {
        ["sgd"] = (s, n) => new FusedSgd(s, n),
        ["rmsprop"] = (s, n) => new FusedRmsProp(s, n),
        ["adagrad"] = (s, n) => new FusedAdagrad(s, n),
        ["adadelta"] = (s, n) => new FusedAdadelta(s, n),
        ["adam"] = (s, n) => new FusedAdam(s, n),
        ["adamax"] = (s, n) => new FusedAdamax(s, n),
        ["nadam"] = (s, n) => new FusedNadam(s, n),
    };

    /// <summary>The names this engine has a rule for.</summary>
    public static IEnumerable<string> Names => Rules.Keys;

    /// <summary>The rule <paramref name="spec"/> describes, for <paramref name="size"/> parameters in one array.</summary>
    /// <exception cref="ArgumentException">This path has no rule of the spec's name.</exception>
    public static FusedOptimizer Create(OptimizerSpec spec, int size)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Rules.TryGetValue(spec.Name, out var rule) ? rule(spec, size) : throw new ArgumentException($"the fused path has no optimizer '{spec.Name}'", nameof(spec));
    }
}
