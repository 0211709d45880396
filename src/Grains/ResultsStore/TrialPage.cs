using Sweep.Grains.Contracts;

namespace Sweep.Grains.ResultsStore;

/// <summary>One page of a sweep's finished trials, latest finished first (<see cref="SqlResultsStore.TrialPageAsync"/>).</summary>
/// <param name="Total">How many trials of the sweep have finished (completed, diverged or failed): the pages' length together.</param>
/// <param name="Trials">The page's trials, each with its attempts.</param>
/// <param name="Configurations">Every configuration of the sweep, in grid order, for the trials' labels and settings.</param>
public sealed record TrialPage(int Total, TrialOutcome[] Trials, IReadOnlyList<ConfigurationInfo> Configurations);
