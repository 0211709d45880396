using Sweep.Grains.Contracts;

namespace Sweep.Grains.ResultsStore;

/// <summary>A sweep's row in the results store: what a query needs beside its configurations, seeds and trials.</summary>
/// <param name="SweepId">The sweep's id.</param>
/// <param name="Name">The sweep file's name.</param>
/// <param name="State">Running, completed, failed or cancelled, as its grain last stored it.</param>
/// <param name="Metric">The ranking metric.</param>
/// <param name="BaselineId">The configuration the others are compared with; null for none.</param>
/// <param name="Created">When the sweep was first started.</param>
/// <param name="Finished">When every trial had an outcome; null until then.</param>
/// <param name="Cancelled">When it was cancelled; null unless it is.</param>
/// <param name="TraceId">The trace id of the sweep's span.</param>
/// <param name="Race">The sweep file's race; null for a grid.</param>
public sealed record SweepRow(
    string SweepId,
    string Name,
    SweepState State,
    string Metric,
    string? BaselineId,
    DateTimeOffset Created,
    DateTimeOffset? Finished,
    DateTimeOffset? Cancelled,
    string? TraceId,
    Training.Sweeps.RaceDefinition? Race = null);
