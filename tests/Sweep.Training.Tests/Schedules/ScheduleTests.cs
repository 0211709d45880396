using Sweep.Training.Schedules;
using Sweep.Training.Specs;

namespace Sweep.Training.Tests.Schedules;

public sealed class ScheduleTests
{
    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(9, 0.1)]
    [InlineData(10, 0.05)]
    [InlineData(25, 0.025)]
    public void StepDecay_HalvesEveryTenEpochs(int epoch, double expected) =>
        Assert.Equal(expected, ScheduleFactory.Create(new ScheduleSpec(ScheduleKind.StepDecay, Drop: 0.5, Every: 10)).At(epoch, 0.1, 123), 1e-15);

    [Fact]
    public void ExponentialDecay_IsInitialTimesRateToTheEpoch() =>
        Assert.Equal(0.1 * 0.9 * 0.9 * 0.9, ScheduleFactory.Create(new ScheduleSpec(ScheduleKind.ExponentialDecay, Rate: 0.9)).At(3, 0.1, 123), 1e-15);

    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(9, 0.1)]
    [InlineData(10, 0.01)]
    [InlineData(19, 0.01)]
    [InlineData(20, 0.001)]
    [InlineData(500, 0.001)]
    public void Piecewise_ChangesAtTheBoundaries(int epoch, double expected) =>
        Assert.Equal(expected, ScheduleFactory.Create(new ScheduleSpec(ScheduleKind.Piecewise, Boundaries: [10, 20], Values: [0.1, 0.01, 0.001])).At(epoch, 1, 1));
}
