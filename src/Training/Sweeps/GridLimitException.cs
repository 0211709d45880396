namespace Sweep.Training.Sweeps;

/// <summary>A sweep has more trials than its caller accepts (<see cref="SweepPlan.Expand"/>'s maxTrials); it was not expanded further.</summary>
/// <param name="configurations">The distinct configurations expanded when the limit was passed: the sweep has at least these.</param>
/// <param name="seeds">Seeds per configuration.</param>
/// <param name="limit">The limit passed.</param>
public sealed class GridLimitException(int configurations, int seeds, int limit)
    : Exception($"the sweep has at least {(long)configurations * seeds} trials ({configurations} configurations or more x {seeds} seeds), above the limit of {limit}")
{
    /// <summary>The configurations expanded so far.</summary>
    public int Configurations { get; } = configurations;

    /// <summary>Seeds per configuration.</summary>
    public int Seeds { get; } = seeds;

    /// <summary>The limit passed.</summary>
    public int Limit { get; } = limit;
}
