using System.Text.RegularExpressions;
using Sweep.Grains.Contracts;

namespace Sweep.Client.Output;

/// <summary>
/// The end of a run with failed trials: one line per distinct error with how many trials it failed, so that fifty
/// trials failing the same way read as one line, not fifty stack traces (<c>sweep results ID --format json</c> has every attempt).
/// </summary>
internal static partial class FailureSummary
{
    public static IEnumerable<string> Lines(SweepReport report) =>
        report.Trials
            .Where(t => t.State == TrialState.Failed)
            .GroupBy(t => AttemptSuffix().Replace(t.Error ?? "no error was recorded", ""))
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Count()} {(g.Count() == 1 ? "trial" : "trials")} failed: {g.Key}");

    // "... (attempt 3 of 3)": the same error on every attempt is one error.
    [GeneratedRegex(@" \(attempt \d+ of \d+\)$")]
    private static partial Regex AttemptSuffix();
}
