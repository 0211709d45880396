namespace Sweep.Grains.Contracts;

/// <summary>Where a trial stands.</summary>
[GenerateSerializer]
[Alias("Sweep.TrialState")]
public enum TrialState
{
    Pending,
    Running,
    Completed,
    Failed,
    Cancelled,

    /// <summary>The training loss became NaN or infinite; not retried, since the trial is deterministic.</summary>
    Diverged,
}
