using System.Text.Json.Nodes;

namespace Sweep.Training.Sweeps;

/// <summary>
/// A parsed sweep file: a base trial, a grid of values for any of its settings, and the seeds
/// every configuration is repeated with. <see cref="Baseline"/> is the file's <c>baseline</c>; null means the
/// default (the one configuration without any regularization, if there is one). With a <see cref="Race"/>, the seeds
/// are the race's and configurations get them in rounds.
/// </summary>
public sealed record SweepDefinition(
    string Name,
    string? Description,
    JsonObject Trial,
    IReadOnlyList<GridAxis> Grid,
    IReadOnlyList<int> Seeds,
    string Metric,
    string? BaseDirectory = null,
    int Retries = SweepDefinition.DefaultRetries,
    double? TrialTimeLimit = null,
    BaselineChoice? Baseline = null,
    RaceDefinition? Race = null)
{
    /// <summary>How many times a trial that throws is tried again by default.</summary>
    public const int DefaultRetries = 2;

    /// <summary>The most seeds a sweep may repeat each configuration over (<c>seeds</c>, <c>--seeds</c>).</summary>
    public const int MaxSeeds = 100_000;
}
