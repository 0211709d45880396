using Sweep.Training.Engine;

namespace Sweep.Grains.Execution;

/// <summary>
/// A trained trial and when it trained on this silo (queueing excluded). The caller owns
/// <paramref name="Slot"/> and hands it over (<see cref="TrialExecutor.HandOverAsync"/>) to the silo's next trial
/// while it stores the result.
/// </summary>
internal sealed record TrialRun(TrialResult Result, DateTimeOffset Started, DateTimeOffset Finished, TrialSlot Slot);
