namespace Sweep.Training.Specs;

/// <summary>A learning-rate schedule by epoch (epochs count from 0, as in Keras's <c>LearningRateScheduler</c>).</summary>
public sealed record ScheduleSpec(
    ScheduleKind Kind,
    double? Drop = null,
    int? Every = null,
    double? Rate = null,
    IReadOnlyList<int>? Boundaries = null,
    IReadOnlyList<double>? Values = null);
