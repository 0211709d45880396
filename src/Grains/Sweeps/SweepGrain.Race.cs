using Microsoft.Extensions.Logging;
using Sweep.Grains.Contracts;
using Sweep.Grains.Results.Racing;

namespace Sweep.Grains.Sweeps;

/// <summary>The race: its standing, replayed from the store's results, and the rules it sets on the hand-out.</summary>
internal sealed partial class SweepGrain
{
    public async Task<RaceStanding?> GetRaceAsync()
    {
        if (state.State.Race() is not { } definition)
        {
            return null;
        }

        // From memory, as this grain decides (it counts a trial that ended without a stored row as failed); from the store
        // where this activation has not replayed the race yet.
        if (race is null)
        {
            return await store.RaceAsync(SweepId);
        }

        var racing = state.State.Seeds.Take(definition.MaxSeeds).ToArray();
        var run = state.State.Configurations.Sum(c => racing.Count(seed => Trials.HasEnded(c.Id, seed)));
        return RaceStanding.Of(
            definition, race, state.State.Configurations.Count * definition.MaxSeeds, run,
            [.. state.State.Configurations.Select(c => (c.Id, c.Label))], race.Finished && Gate!.ConfirmationDone(Trials));
    }

    // The race's rules over the trials as the race stands now; null for a plain grid.
    private RaceGate? Gate => state.State.Race() is { } definition ? new RaceGate(definition, race, state.State.Seeds, state.State.BaselineId) : null;

    // The race's next decision, or false with a warning where the store cannot be read now: the next lease asks again.
    private async Task<bool> TryReplayRaceAsync()
    {
        try
        {
            await ReplayRaceAsync();
            return true;
        }
        catch (Exception e) when (store.IsTransient(e))
        {
            LogRaceNotDecided(logger, e, SweepId, store.Location);
            return false;
        }
    }

    /// <summary>
    /// Replays the sweep's race from its stored results (<see cref="RaceReplay"/>) and lets the next round's trials be
    /// handed out: the same decisions on every activation, on any silo.
    /// </summary>
    private async Task ReplayRaceAsync()
    {
        if (state.State.Race() is not { } definition)
        {
            (race, Trials.Limit) = (null, int.MaxValue);
            return;
        }

        var values = (await store.MetricValuesAsync(SweepId, state.State.Metric)).ToDictionary(v => (v.ConfigurationId, v.Seed));
        var higherIsBetter = Training.Sweeps.Metric.Find(state.State.Metric)?.HigherIsBetter ?? true;
        race = RaceReplay.Run(
            definition,
            state.State.Configurations.Select(c => c.Id).ToArray(),
            state.State.Seeds,
            higherIsBetter,
            // A trial this sweep counted as ended without a row (its result could not be stored) ended without a value.
            (id, seed) => values.TryGetValue((id, seed), out var v) ? (v.State, v.Value) : Trials.HasEnded(id, seed) ? (TrialState.Failed, double.NaN) : null);
        Trials.Limit = Gate!.Limit(state.State.Configurations.Count);

        // From the first trial again: the cursor passed the trials of configurations that were out of the race, and a
        // stored row that changed (a shared trial retried by another sweep) may bring one back.
        Trials.Restart();
        Signal();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The race of sweep {SweepId} could not read its results from the results store {Location}; its next round is decided when the store answers")]
    private static partial void LogRaceNotDecided(ILogger logger, Exception exception, string sweepId, string location);
}
