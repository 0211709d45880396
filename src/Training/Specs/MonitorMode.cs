namespace Sweep.Training.Specs;

/// <summary>Whether a monitored metric improves by falling or rising; <c>auto</c> is max for names containing "acc".</summary>
public enum MonitorMode
{
    Auto,
    Min,
    Max,
}
