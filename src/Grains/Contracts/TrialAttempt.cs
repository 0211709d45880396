namespace Sweep.Grains.Contracts;

/// <summary>One attempt at training a trial: where and when it ran, and how it ended.</summary>
/// <param name="Number">1 for the first attempt.</param>
/// <param name="Silo">The silo it ran on.</param>
/// <param name="Started">When training started.</param>
/// <param name="Ended">When it ended; null if its silo died under it.</param>
/// <param name="Error">Why it did not complete; null for the attempt that did.</param>
/// <param name="Run">The run of a sweep file (<c>sweep_runs.run</c>) whose sweep handed the attempt out; null where unknown.</param>
[GenerateSerializer]
[Alias("Sweep.TrialAttempt")]
public sealed record TrialAttempt(
    [property: Id(0)] int Number,
    [property: Id(1)] string Silo,
    [property: Id(2)] DateTimeOffset Started,
    [property: Id(3)] DateTimeOffset? Ended,
    [property: Id(4)] string? Error,
    [property: Id(5)] long? Run = null);
