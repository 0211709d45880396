namespace Sweep.Training.Schedules;

/// <summary><c>lr = initial * rate ^ epoch</c>.</summary>
internal sealed class ExponentialDecay(double rate) : ILearningRateSchedule
{
    public double At(int epoch, double initial, double current) => initial * Math.Pow(rate, epoch);
}
