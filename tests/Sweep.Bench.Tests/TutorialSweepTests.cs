using Sweep.Bench.Micro;

namespace Sweep.Bench.Tests;

public sealed class TutorialSweepTests
{
    [Fact]
    public void Spec_BaselineAndRegularized_AreTheTutorialsUnpenalizedAndFirstPenalizedModels()
    {
        var baseline = TutorialSweep.Spec(regularized: false);
        var regularized = TutorialSweep.Spec(regularized: true);

        Assert.False(baseline.IsRegularized);
        Assert.True(regularized.IsRegularized);
        Assert.Equal((4000, 32), (baseline.Epochs, baseline.BatchSize));
        Assert.Equal((4000, 32), (regularized.Epochs, regularized.BatchSize));
    }
}
