namespace Sweep.Grains.Contracts;

/// <summary>Where a sweep stands.</summary>
[GenerateSerializer]
[Alias("Sweep.SweepState")]
public enum SweepState
{
    Pending,
    Running,
    Completed,
    Cancelled,
}
