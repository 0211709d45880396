namespace Sweep.Training.Schedules;

/// <summary>Keras <c>PiecewiseConstantDecay</c> by epoch: <c>values[0]</c> before <c>boundaries[0]</c>, and so on.</summary>
internal sealed class PiecewiseConstant(IReadOnlyList<int> boundaries, IReadOnlyList<double> values) : ILearningRateSchedule
{
    public double At(int epoch, double initial, double current)
    {
        var i = 0;
        while (i < boundaries.Count && epoch >= boundaries[i])
        {
            i++;
        }

        return values[i];
    }
}
