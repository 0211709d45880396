using Sweep.Grains.Contracts;

namespace Sweep.Grains.ResultsStore;

/// <summary>
/// How fast a sweep's latest run goes: the trials that ended (completed, failed or diverged) since the run started, and
/// when the last of them ended. Trials a sweep took from the store's earlier results, finished before the run, do not count.
/// </summary>
/// <param name="RunStarted">When the sweep's latest run started.</param>
/// <param name="Ended">The trials that ended since then.</param>
/// <param name="LastEnded">When the last of them ended; null for none.</param>
public sealed record SweepPace(DateTimeOffset RunStarted, int Ended, DateTimeOffset? LastEnded)
{
    /// <summary>
    /// Trials per second over the run: until <paramref name="now"/> while the sweep runs, until its last trial ended
    /// otherwise; null before a trial has ended, or over no time.
    /// </summary>
    public double? TrialsPerSecond(SweepStatus status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        var until = status.State == SweepState.Running ? now : LastEnded ?? now;
        var seconds = (until - RunStarted).TotalSeconds;
        return Ended > 0 && seconds > 0 ? Ended / seconds : null;
    }

    /// <summary>
    /// The time the running sweep's trials still to end take at <see cref="TrialsPerSecond"/>; null for a sweep that does
    /// not run, or whose pace is not known yet.
    /// </summary>
    public TimeSpan? Remaining(SweepStatus status, DateTimeOffset now) =>
        status?.State == SweepState.Running && TrialsPerSecond(status, now) is { } rate
            ? TimeSpan.FromSeconds(Math.Max(0, status.Total - status.Done) / rate)
            : null;
}
