namespace Sweep.Training.Specs;

/// <summary>The declarative learning-rate schedules, applied at the start of every epoch.</summary>
public enum ScheduleKind
{
    /// <summary><c>lr = initial * drop ^ floor(epoch / every)</c>.</summary>
    StepDecay,

    /// <summary><c>lr = initial * rate ^ epoch</c>.</summary>
    ExponentialDecay,

    /// <summary>Keras <c>PiecewiseConstantDecay</c> by epoch: <c>values[i]</c> until epoch <c>boundaries[i]</c>.</summary>
    Piecewise,
}
