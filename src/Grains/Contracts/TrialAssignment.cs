namespace Sweep.Grains.Contracts;

/// <summary>What a sweep asks of a trial grain.</summary>
/// <param name="SweepId">The sweep to report to.</param>
/// <param name="ConfigurationId">The configuration's id (its canonical JSON's hash).</param>
/// <param name="SpecJson">The configuration's canonical JSON.</param>
/// <param name="Seed">The repeat seed.</param>
/// <param name="TraceParent">The sweep's W3C trace context, so that the trial's span joins the sweep's trace.</param>
/// <param name="Retries">How many times a trial that throws is tried again before it is marked failed.</param>
/// <param name="TimeLimit">Seconds a trial may train before it is stopped and marked failed; null for no limit.</param>
/// <param name="Lease">This hand-out of the trial, so that a cancel that arrives before it is not undone by it.</param>
/// <param name="Run">The run of the sweep's file (<c>sweep_runs.run</c>) the trial is handed out for; null where unknown.</param>
[GenerateSerializer]
[Alias("Sweep.TrialAssignment")]
public sealed record TrialAssignment(
    [property: Id(0)] string SweepId,
    [property: Id(1)] string ConfigurationId,
    [property: Id(2)] string SpecJson,
    [property: Id(3)] int Seed,
    [property: Id(4)] string? TraceParent,
    [property: Id(5)] int Retries = 0,
    [property: Id(6)] double? TimeLimit = null,
    [property: Id(7)] Guid Lease = default,
    [property: Id(8)] long? Run = null);
