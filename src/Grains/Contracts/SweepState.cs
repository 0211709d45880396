namespace Sweep.Grains.Contracts;

/// <summary>Where a sweep stands.</summary>
[GenerateSerializer]
[Alias("Sweep.SweepState")]
public enum SweepState
{
    Pending,
    Running,
    /// <summary>Every trial has an outcome, and at least one completed or diverged.</summary>
    Completed,
    Cancelled,

    /// <summary>Every trial has an outcome, and every one failed: nothing was learned. Running the file again tries them again.</summary>
    Failed,

    /// <summary>
    /// The process that ran the sweep on an embedded store ended before the sweep did (Ctrl+C, a kill): nothing trains
    /// it. Running its file again resumes it. Only readers of a store say this; a sweep grain never does.
    /// </summary>
    Interrupted,
}
