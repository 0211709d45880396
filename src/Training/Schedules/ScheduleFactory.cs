using Sweep.Training.Specs;

namespace Sweep.Training.Schedules;

/// <summary>Builds the schedule a spec describes.</summary>
internal static class ScheduleFactory
{
    public static ILearningRateSchedule Create(ScheduleSpec spec) => spec.Kind switch
    {
        ScheduleKind.StepDecay => new StepDecay(spec.Drop!.Value, spec.Every!.Value),
        ScheduleKind.ExponentialDecay => new ExponentialDecay(spec.Rate!.Value),
        _ => new PiecewiseConstant(spec.Boundaries!, spec.Values!),
    };
}
