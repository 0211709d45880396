namespace Sweep.Training.Schedules;

/// <summary><c>lr = initial * drop ^ floor(epoch / every)</c>.</summary>
internal sealed class StepDecay(double drop, int every) : ILearningRateSchedule
{
    public double At(int epoch, double initial, double current) => initial * Math.Pow(drop, epoch / every);
}
