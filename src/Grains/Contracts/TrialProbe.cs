namespace Sweep.Grains.Contracts;

/// <summary>What a trial grain says when its sweep checks a long-held lease: whether it is training, and its stored outcome.</summary>
[GenerateSerializer]
[Alias("Sweep.TrialProbe")]
public sealed record TrialProbe(
    [property: Id(0)] bool Running,
    [property: Id(1)] TrialOutcome? Outcome);
