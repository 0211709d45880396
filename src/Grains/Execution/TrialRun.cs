using Sweep.Training.Engine;

namespace Sweep.Grains.Execution;

/// <summary>A trained trial and when it held its slot on this silo (queueing excluded).</summary>
internal sealed record TrialRun(TrialResult Result, DateTimeOffset Started, DateTimeOffset Finished);
