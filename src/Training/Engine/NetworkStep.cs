using Sweep.Training.Regularizers;
using Sweep.Training.Specs;

namespace Sweep.Training.Engine;

/// <summary>One step of a flattened sequential model: a linear map, an activation, or a point where a penalty or an observation reads the running tensor.</summary>
internal abstract record NetworkStep
{
    public sealed record Linear(int Layer) : NetworkStep;

    public sealed record Activate(Activation Function) : NetworkStep;

    public sealed record Penalize(IPenalty Penalty, ActivityReduction Reduction) : NetworkStep;

    public sealed record Observe : NetworkStep;
}
