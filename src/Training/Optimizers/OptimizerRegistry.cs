using Sweep.Training.Fused.Optimizers;
using Sweep.Training.Specs;
using Sweep.Training.Torch.Optimizers;
using static TorchSharp.torch;

namespace Sweep.Training.Optimizers;

/// <summary>
/// The optimizers sweeps offer, tf.keras 2.x's, each described once (<see cref="OptimizerDefinition"/>): the sweep-file
/// reader, the TorchSharp engine and the fused engine all find them here.
/// </summary>
internal static class OptimizerRegistry
{
    /// <summary>Every optimizer, in the order messages list them.</summary>
    public static IReadOnlyList<OptimizerDefinition> All { get; } = [new Sgd(), new RmsProp(), new Adagrad(), new Adadelta(), new Adam(), new Adamax(), new Nadam()];

    /// <summary>The names of <see cref="All"/>, as tf.keras spells them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(optimizer => optimizer.Name)];

    /// <summary>The optimizer named <paramref name="name"/>, one of <see cref="Names"/>.</summary>
    /// <exception cref="ArgumentException">No optimizer has that name.</exception>
    public static OptimizerDefinition Named(string name) =>
        All.FirstOrDefault(optimizer => optimizer.Name == name)
        ?? throw new ArgumentException($"Unknown optimizer '{name}'; expected one of {string.Join(", ", Names)}.", nameof(name));

    /// <summary>The TorchSharp rule <paramref name="spec"/> describes, updating <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException">No optimizer has the spec's name.</exception>
    public static IOptimizer Torch(OptimizerSpec spec, IReadOnlyList<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return Of(spec).Torch(spec, parameters);
    }

    /// <summary>The fused rule <paramref name="spec"/> describes, for <paramref name="size"/> parameters in one array.</summary>
    /// <exception cref="ArgumentException">No optimizer has the spec's name.</exception>
    public static FusedOptimizer Fused(OptimizerSpec spec, int size) => Of(spec).Fused(spec, size);

    private static OptimizerDefinition Of(OptimizerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return All.FirstOrDefault(optimizer => optimizer.Name == spec.Name)
            ?? throw new ArgumentException($"Unknown optimizer '{spec.Name}'; expected one of {string.Join(", ", Names)}.", nameof(spec));
    }
}
