namespace Sweep.Grains.Contracts;

/// <summary>A trial's outcome with its per-epoch history.</summary>
[GenerateSerializer]
[Alias("Sweep.TrialRecord")]
public sealed record TrialRecord(
    [property: Id(0)] TrialOutcome Outcome,
    [property: Id(1)] float[] Loss,
    [property: Id(2)] float[] Accuracy,
    [property: Id(3)] float[] ValLoss,
    [property: Id(4)] float[] ValAccuracy,
    [property: Id(5)] float[] LearningRate,
    [property: Id(6)] PenaltyShare[] Penalties);
