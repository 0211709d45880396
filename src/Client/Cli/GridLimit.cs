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

    /// <summary>
    /// Expands the parsed sweep file, unless it has more trials than the limit: its expansion stops as soon as it passes
    /// the limit, so a grid that is refused is not built first.
    /// </summary>
    /// <exception cref="ArgumentException">The sweep is above the limit and --force was not given.</exception>
    /// <exception cref="SweepFileException">A configuration of the sweep is invalid.</exception>
    public SweepPlan Expand(ParseResult result, SweepDefinition definition)
    {
        var limit = result.GetValue(Force) ? (int?)null : result.GetValue(MaxGrid) ?? DefaultMaxTrials;
        try
        {
            return SweepPlan.Expand(definition, maxTrials: limit);
        }
        catch (GridLimitException e)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{definition.File}: {e.Message}; pass --force to run it anyway, or raise --max-grid"), e);
        }
    }
}
