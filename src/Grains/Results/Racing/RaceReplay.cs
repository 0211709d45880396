using Sweep.Grains.Contracts;
using Sweep.Training.Sweeps;

namespace Sweep.Grains.Results.Racing;

/// <summary>
/// Replays a race from its trials' stored outcomes, look by look, as far as they go. Every decision is a function of the
/// sweep file and the results alone, never of timing, cluster size or failures of silos: a sweep grain that activates
/// again, on any silo, reaches the same decisions, and so does a client reading the store.
/// </summary>
public static class RaceReplay
{
    /// <param name="race">The sweep file's race.</param>
    /// <param name="configurations">The sweep's configurations, in grid order.</param>
    /// <param name="seeds">The sweep's seeds, in order: seed k of every configuration is <c>seeds[k]</c>.</param>
    /// <param name="higherIsBetter">Whether a higher value of the sweep's metric is better.</param>
    /// <param name="outcome">A trial's stored outcome and its metric's value; null for a trial with none yet.</param>
    public static RaceProgress Run(
        RaceDefinition race, IReadOnlyList<string> configurations, IReadOnlyList<int> seeds, bool higherIsBetter,
        Func<string, int, (TrialState State, double Value)?> outcome)
    {
        var looks = race.Looks();
        var elimination = new SequentialElimination(configurations.Count, looks, race.Alpha, race.Margin, higherIsBetter);
        var survivors = configurations.ToList();
        var eliminated = new List<Elimination>();
        var left = new List<string>();
        for (var look = 0; look < looks.Count; look++)
        {
            var n = looks[look];
            var values = new List<(string Id, IReadOnlyList<double> Values)>();
            foreach (var configuration in survivors)
            {
                var row = new double[n];
                for (var k = 0; k < n; k++)
                {
                    if (outcome(configuration, seeds[k]) is not { } ended)
                    {
                        return new RaceProgress(n, [.. survivors.Except(left)], eliminated, left, Finished: false, Tied: false);
                    }

                    // A failed or diverged trial, or one without a finite value, leaves no paired value: its configuration
                    // leaves the race rather than holding up every decision.
                    row[k] = ended.State == TrialState.Completed && double.IsFinite(ended.Value) ? ended.Value : double.NaN;
                }

                if (row.All(double.IsFinite))
                {
                    values.Add((configuration, row));
                }
                else
                {
                    left.Add(configuration);
                }
            }

            if (values.Count <= 1)
            {
                return new RaceProgress(n, [.. values.Select(v => v.Id)], eliminated, left, Finished: true, Tied: false);
            }

            var decided = elimination.Decide(look, values);
            eliminated.AddRange(decided.Eliminated);
            survivors = [.. decided.Survivors];
            if (decided.Finished)
            {
                return new RaceProgress(n, survivors, eliminated, left, Finished: true, decided.Tied);
            }
        }

        throw new InvalidOperationException("a race's last look always ends it");
    }
}
