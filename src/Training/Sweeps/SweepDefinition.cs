using System.Text.Json.Nodes;

namespace Sweep.Training.Sweeps;

/// <summary>
/// A parsed sweep file, its own settings checked, its grid not expanded (<see cref="SweepPlan.Expand"/> does that): a base
/// trial, a grid of values for any of its settings, and the seeds every configuration is repeated with.
/// <see cref="Baseline"/> is the file's <c>baseline</c>; null means the default (the one configuration without any
/// regularization, if there is one). With a <see cref="Race"/>, the seeds are the race's and configurations get them in rounds.
/// </summary>
/// <param name="File">The file as the user named it; errors found when the grid is expanded name it too.</param>
/// <param name="Name">The sweep's name: the file's <c>name</c>, or its file name.</param>
/// <param name="Description">The file's <c>description</c>.</param>
/// <param name="Trial">The base trial, as written (with the command line's epochs): each grid cell sets its values in a copy.</param>
/// <param name="Grid">The grid's settings and their values, in the file's order.</param>
/// <param name="Seeds">The seeds every configuration is trained with.</param>
/// <param name="Metric">The metric the file ranks by; null where it names none, and the plan chooses (<see cref="SweepPlan.Metric"/>).</param>
/// <param name="BaseDirectory">Where relative data paths start: the file's folder.</param>
/// <param name="Retries">How many times a trial that throws is tried again.</param>
/// <param name="TrialTimeLimit">Seconds a trial may train; null for no limit.</param>
/// <param name="Baseline">The file's <c>baseline</c>, or null for the default.</param>
/// <param name="Race">The file's <c>race</c>, or null for a plain grid.</param>
public sealed record SweepDefinition(
    string File,
    string Name,
    string? Description,
    JsonObject Trial,
    IReadOnlyList<GridAxis> Grid,
    IReadOnlyList<int> Seeds,
    string? Metric,
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
