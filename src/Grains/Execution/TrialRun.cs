using Sweep.Training.Engine;

namespace Sweep.Grains.Execution;

/// <summary>
/// A trained trial and when it trained on this silo (queueing excluded). The caller owns
/// <paramref name="Slot"/> and frees it once the result is stored and reported, so that a silo never
/// takes a new trial while it still holds the last one.
/// </summary>
internal sealed record TrialRun(TrialResult Result, DateTimeOffset Started, DateTimeOffset Finished, TrialSlot Slot);
