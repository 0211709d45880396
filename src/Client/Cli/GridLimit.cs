using System.CommandLine;
using System.Globalization;
using Sweep.Training.Sweeps;

namespace Sweep.Client.Cli;

/// <summary>
/// A guard against a typo that turns a sweep into a week of work: a sweep with more trials than
/// <c>--max-grid</c> (default <see cref="DefaultMaxTrials"/>) is refused unless <c>--force</c> is given.
/// </summary>
internal sealed class GridLimit
{
    public const int DefaultMaxTrials = 10_000;

    public Option<int?> MaxGrid { get; } = SharedOptions.Positive("--max-grid", $"Refuse sweeps with more trials than this unless --force (default {DefaultMaxTrials})");

    public Option<bool> Force { get; } = new("--force") { Description = "Run a sweep even if it has more trials than --max-grid" };

    public void AddTo(Command command)
    {
        command.Options.Add(MaxGrid);
        command.Options.Add(Force);
    }

    /// <exception cref="ArgumentException">The sweep is above the limit and --force was not given.</exception>
    public void Check(ParseResult result, SweepPlan plan, string path)
    {
        var limit = result.GetValue(MaxGrid) ?? DefaultMaxTrials;
        if (plan.TrialCount > limit && !result.GetValue(Force))
        {
            throw new ArgumentException(string.Create(
                CultureInfo.InvariantCulture,
                $"{path}: the sweep has {plan.TrialCount} trials ({plan.Configurations.Count} configurations x {plan.Definition.Seeds.Count} seeds), above the limit of {limit}; pass --force to run it anyway, or raise --max-grid"));
        }
    }
}
