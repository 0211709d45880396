namespace Sweep.Grains.Contracts;

/// <summary>One regularizer's contribution to a trial's final training loss (<c>layers.0.activity</c>, <c>layers.2.kernel</c>, ...).</summary>
[GenerateSerializer]
[Alias("Sweep.PenaltyShare")]
public sealed record PenaltyShare([property: Id(0)] string Name, [property: Id(1)] double Value);
