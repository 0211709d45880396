using Sweep.Grains.Contracts;

namespace Sweep.Grains.Trials;

/// <summary>The persisted state of a trial grain.</summary>
[GenerateSerializer]
[Alias("Sweep.TrialGrainState")]
public sealed class TrialGrainState
{
    /// <summary>
    /// The result as Sweep kept it before the results store: read only to import such a store. The result is now a row of
    /// the results store, and <see cref="Ended"/> says that there is one.
    /// </summary>
    [Id(0)]
    public TrialRecord? Record { get; set; }

    /// <summary>Sweeps to report the outcome to.</summary>
    [Id(1)]
    public HashSet<string> Subscribers { get; set; } = [];

    /// <summary>How many times training started.</summary>
    [Id(2)]
    public int Attempts { get; set; }

    /// <summary>Every attempt, written when it starts and when it ends; one without an end was lost with its silo.</summary>
    [Id(3)]
    public List<TrialAttempt> AttemptLog { get; set; } = [];

    /// <summary>Attempts that threw since the trial last started afresh; once above the sweep's retries, the trial is failed.</summary>
    [Id(4)]
    public int FailuresInARow { get; set; }

    /// <summary>How the trial last ended, once the results store holds that outcome; null before.</summary>
    [Id(5)]
    public TrialState? Ended { get; set; }
}
