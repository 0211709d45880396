using System.ComponentModel.DataAnnotations;

namespace Sweep.Grains.Execution;

/// <summary>How many trials a silo trains at once.</summary>
public sealed class TrialExecutionOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Sweep:Execution";

    /// <summary>
    /// <value>The most trials this silo trains at the same time; each uses one core. Default: the processor count.</value>
    /// </summary>
    [Range(1, 1024)]
    public int MaxConcurrentTrials { get; set; } = Environment.ProcessorCount;
}
