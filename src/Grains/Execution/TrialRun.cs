using Sweep.Training.Engine;

namespace Sweep.Grains.Execution;

/// <summary>
/// A trained trial and when it trained on this silo (queueing excluded). The caller owns
/// <paramref name="Slot"/> and frees it as soon as training is over: storing and reporting the result
/// need no slot, so the silo's next trial trains meanwhile.
/// </summary>
internal sealed record TrialRun(TrialResult Result, DateTimeOffset Started, DateTimeOffset Finished, TrialSlot Slot);
