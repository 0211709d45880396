using Sweep.Grains.Contracts;
using Sweep.Grains.Results;

namespace Sweep.Client.Output;

/// <summary>A configuration two sweeps both have (one id: the same trial settings), its metric in each, and b against a.</summary>
/// <param name="Configuration">The configuration, as sweep a has it.</param>
/// <param name="A">Its metric in sweep a: n, mean, std and 95% interval over its completed seeds there.</param>
/// <param name="B">The same in sweep b.</param>
/// <param name="Versus">
/// b against a (Welch: the difference is b's mean less a's), its p Holm-adjusted over the comparisons of the two sweeps;
/// null where a side has fewer than two values.
/// </param>
internal sealed record SharedConfiguration(ConfigurationInfo Configuration, MetricSummary A, MetricSummary B, Comparison? Versus)
{
    /// <summary><c>better</c>, <c>worse</c> or <c>same</c> for b against a, as a ranked table's verdicts; <c>untested</c> without a comparison.</summary>
    public string Verdict(bool higherIsBetter) => Versus?.VerdictFor(higherIsBetter).ToString().ToLowerInvariant() ?? "untested";
}
