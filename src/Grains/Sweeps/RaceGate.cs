using Sweep.Grains.Results.Racing;
using Sweep.Training.Sweeps;

namespace Sweep.Grains.Sweeps;

/// <summary>
/// A raced sweep's rules over its trials: which may go out now, when a round has ended, when the race and its
/// confirmation have. <paramref name="Progress"/> is the race's standing as last replayed from the store (null before the
/// first replay: nothing goes out then, by <see cref="Limit"/>).
/// </summary>
internal sealed record RaceGate(RaceDefinition Definition, RaceProgress? Progress, IReadOnlyList<int> Seeds, string? BaselineId)
{
    /// <summary>
    /// Whether the trial may go out now: its configuration is still racing (its round is the trials' <see cref="Limit"/>),
    /// or the race has ended and it is a confirmation trial of a survivor or of the baseline.
    /// </summary>
    public bool Allows(string configurationId, int seed) =>
        Progress is null
        || (!Progress.Finished && Progress.Survivors.Contains(configurationId, StringComparer.Ordinal))
        || (Progress.Finished && IsConfirmation(seed) && Confirmed.Contains(configurationId, StringComparer.Ordinal));

    /// <summary>How far the trials may go out in seed order (<see cref="SweepTrials.Limit"/>).</summary>
    public int Limit(int configurations) =>
        Progress is null ? 0 : !Progress.Finished ? Progress.Seeds * configurations : Definition.Confirm > 0 ? int.MaxValue : 0;

    /// <summary>Whether every surviving configuration has an outcome for each seed of the current round.</summary>
    public bool RoundEnded(SweepTrials trials) =>
        Progress is { } progress && progress.Survivors.All(id => Seeds.Take(progress.Seeds).All(seed => trials.HasEnded(id, seed)));

    /// <summary>Whether every confirmation trial of a finished race has an outcome (true for a race without confirmation).</summary>
    public bool ConfirmationDone(SweepTrials trials) =>
        Confirmed.All(id => Definition.ConfirmationSeeds(Seeds).All(seed => trials.HasEnded(id, seed)));

    /// <summary>Whether the race has ended, no trial is out and its confirmation is done: the trials it did not need never run.</summary>
    public bool Ended(SweepTrials trials, int leased) => Progress is { Finished: true } && leased == 0 && ConfirmationDone(trials);

    // A seed of the race's confirmation (RaceDefinition.ConfirmationSeeds). A raced sweep's seeds are 0, 1, 2, ... in order,
    // so the confirmation's are those from its first on.
    private bool IsConfirmation(int seed) => Definition.Confirm > 0 && seed >= Seeds[^Definition.Confirm];

    // The configurations a finished race confirms: its survivors, and the baseline they are compared with.
    private IEnumerable<string> Confirmed => Progress?.ConfirmedWith(BaselineId) ?? [];
}
