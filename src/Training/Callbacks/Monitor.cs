using Sweep.Training.Specs;

namespace Sweep.Training.Callbacks;

/// <summary>Keras's direction rule: in auto mode a metric improves upwards if its name contains "acc".</summary>
internal static class Monitor
{
    public static bool Maximizes(string monitor, MonitorMode mode) => mode switch
    {
        MonitorMode.Max => true,
        MonitorMode.Min => false,
        _ => monitor.Contains("acc", StringComparison.Ordinal),
    };

    /// <summary>The best value before the first epoch, as Keras starts it: infinitely bad in the direction of improvement.</summary>
    public static double Worst(bool maximize) => maximize ? double.NegativeInfinity : double.PositiveInfinity;
}
