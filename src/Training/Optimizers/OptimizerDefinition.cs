using Sweep.Training.Fused.Optimizers;
using Sweep.Training.Specs;
using Sweep.Training.Torch.Optimizers;
using static TorchSharp.torch;

namespace Sweep.Training.Optimizers;

/// <summary>
/// One tf.keras 2.x optimizer, described once: its name, Keras's default for each of its settings (the subclass's
/// <c>Default...</c> constants, which both engines' rules fall back on), the settings a sweep file may give it and their
/// ranges, and its update rule on each engine. <see cref="OptimizerRegistry"/> lists them.
/// </summary>
internal abstract class OptimizerDefinition
{
    /// <summary>The name, as tf.keras spells it.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// The settings of <paramref name="optimizer"/>, a mapping that names this optimizer, each one left out at Keras's
    /// default; the settings this optimizer does not have stay null.
    /// </summary>
    /// <exception cref="SpecException">A key this optimizer does not have, or a value out of its range.</exception>
    public abstract OptimizerSpec Read(SpecObject optimizer);

    /// <summary>The rule on TorchSharp tensors, updating <paramref name="parameters"/>.</summary>
    public abstract IOptimizer Torch(OptimizerSpec spec, IReadOnlyList<Tensor> parameters);

    /// <summary>The rule on the fused path's one array of <paramref name="size"/> parameters.</summary>
    public abstract FusedOptimizer Fused(OptimizerSpec spec, int size);

    // A setting has the same range in every optimizer that has it.
    protected static double LearningRate(SpecObject optimizer, double fallback) =>
        optimizer.Double("learning_rate", fallback, 0.0, minExclusive: true);

    protected static double Epsilon(SpecObject optimizer, double fallback) => optimizer.Double("epsilon", fallback, 0.0);

    protected static double Beta(SpecObject optimizer, string key, double fallback) =>
        optimizer.Double(key, fallback, 0.0, 1.0, maxExclusive: true);

    protected static double Rho(SpecObject optimizer, double fallback) =>
        optimizer.Double("rho", fallback, 0.0, 1.0, maxExclusive: true);

    protected static double Momentum(SpecObject optimizer, double fallback) => optimizer.Double("momentum", fallback, 0.0, 1.0);
}
