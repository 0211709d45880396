namespace Sweep.Training.Schedules;

/// <summary>Keras <c>LearningRateScheduler</c>: at the start of each epoch, <c>lr = schedule(epoch, lr)</c>.</summary>
internal interface ILearningRateSchedule
{
    /// <summary>The learning rate for <paramref name="epoch"/> (from 0), given the initial and the current rate.</summary>
    double At(int epoch, double initial, double current);
}
