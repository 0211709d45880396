namespace Sweep.Grains.Contracts;

/// <summary>A trial's state and, once completed, its final metrics; small enough to keep per sweep.</summary>
[GenerateSerializer]
[Alias("Sweep.TrialOutcome")]
public sealed record TrialOutcome(
    [property: Id(0)] string ConfigurationId,
    [property: Id(1)] int Seed,
    [property: Id(2)] TrialState State,
    [property: Id(3)] TrialMetrics? Metrics,
    [property: Id(4)] string? Error,
    [property: Id(5)] string Silo,
    [property: Id(6)] DateTimeOffset Started,
    [property: Id(7)] DateTimeOffset Finished,
    [property: Id(8)] TrialAttempt[]? Attempts = null)
{
    /// <summary>Every attempt, the last one included; empty for outcomes stored before attempts were kept.</summary>
    public TrialAttempt[] AttemptLog => Attempts ?? [];

    /// <summary>The trial grain's key: one configuration, one seed.</summary>
    public string TrialKey => TrialKeys.For(ConfigurationId, Seed);

    /// <summary>How the error of a trial whose result could not be stored begins; the store and the cause follow.</summary>
    public const string NotStoredError = "its result could not be stored in the results store ";

    /// <summary>Whether this is a trial whose result could not be stored (it has no row in the results store).</summary>
    public bool NotStored => State == TrialState.Failed && Error?.StartsWith(NotStoredError, StringComparison.Ordinal) == true;
}
