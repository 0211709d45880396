namespace Sweep.Training.Engine;

/// <summary>
/// One regularizer's share of the final training loss: <c>layers.0.activity</c>, <c>layers.2.kernel</c>,
/// <c>layers.2.bias</c>. Activity penalties are averaged over the evaluation batches as the loss is.
/// </summary>
public sealed record PenaltyContribution(string Name, double Value);
