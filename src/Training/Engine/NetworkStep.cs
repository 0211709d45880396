using Sweep.Training.Specs;

namespace Sweep.Training.Engine;

/// <summary>One step of a flattened sequential model: a layer module, an activation, dropout, or a point where a penalty or an observation reads the running tensor.</summary>
internal abstract record NetworkStep
{
    /// <summary>Runs the model's module number <paramref name="Module"/> (a weighted layer, pooling, flatten or reshape).</summary>
    public sealed record Run(int Module) : NetworkStep;

    public sealed record Activate(Activation Function) : NetworkStep;

    public sealed record Drop(double Rate) : NetworkStep;

    /// <summary>An activity regularizer reading the running tensor.</summary>
    /// <param name="Layer">The index of the layer in the spec, which names the penalty.</param>
    /// <param name="Penalty">The regularizer's kind and coefficients.</param>
    /// <param name="Reduction">How the penalty is reduced over a batch.</param>
    public sealed record Penalize(int Layer, RegularizerSpec Penalty, ActivityReduction Reduction) : NetworkStep;

    public sealed record Observe : NetworkStep;
}
