using System.ComponentModel.DataAnnotations;

namespace Sweep.Grains.Execution;

/// <summary>How many trials a silo trains at once, from which sweeps it takes them, and how often their spans record an epoch.</summary>
public sealed class TrialExecutionOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Sweep:Execution";

    /// <summary>
    /// <value>The most trials this silo trains at the same time; each uses one core. Default: the processor count.</value>
    /// </summary>
    [Range(1, 1024, ErrorMessage = "Sweep:Execution:MaxConcurrentTrials must be from 1 to 1024")]
    public int MaxConcurrentTrials { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// <value>
    /// The sweeps this silo takes trials from. Default null: every sweep on the work board. Empty: none,
    /// for a process that only answers queries. The embedded cluster of <c>sweep run</c> lists its one sweep.
    /// </value>
    /// </summary>
    public IReadOnlyCollection<string>? Sweeps { get; set; }

    /// <summary>
    /// <value>
    /// Every how many epochs a trial's span gets an <c>epoch</c> event (epoch, loss, val_accuracy, learning_rate); the last
    /// epoch always gets one. 0: none. Default 100.
    /// </value>
    /// </summary>
    [Range(0, int.MaxValue, ErrorMessage = "Sweep:Execution:EpochEventInterval must be 0 (no epoch events) or more")]
    public int EpochEventInterval { get; set; } = 100;

    /// <summary>
    /// <value>
    /// How long a trial's result is tried again while the results store fails for a cause it gets over by itself (a
    /// PostgreSQL server that restarts or cannot be reached), in seconds; after that the trial is failed, naming the store
    /// and the cause, and <c>sweep retry</c> trains it again. Default 1800 (30 minutes). 0: not tried again.
    /// </value>
    /// </summary>
    [Range(0, 7 * 24 * 3600, ErrorMessage = "Sweep:Execution:ResultRetrySeconds must be from 0 to 604800")]
    public int ResultRetrySeconds { get; set; } = 1800;
}
