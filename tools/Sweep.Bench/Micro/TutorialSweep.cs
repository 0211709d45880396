using Sweep.Training.Specs;
using Sweep.Training.Sweeps;

namespace Sweep.Bench.Micro;

/// <summary>
/// The README's tutorial sweep (examples/activity-regularization.yaml, built into this program so that a benchmark
/// process finds it wherever it runs): its baseline, and its first regularized configuration (L1 before the ReLU).
/// </summary>
internal static class TutorialSweep
{
    public const string File = "activity-regularization.yaml";

    public static TrialSpec Spec(bool regularized)
    {
        using var stream = typeof(TutorialSweep).Assembly.GetManifestResourceStream(File)
            ?? throw new InvalidOperationException($"{File} is not built into {typeof(TutorialSweep).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        var plan = SweepPlan.Expand(SweepFile.Parse(reader.ReadToEnd(), File));
        var baseline = plan.Configurations.FirstOrDefault(c => c.Id == plan.BaselineId) ?? plan.Configurations[0];
        return regularized ? plan.Configurations.First(c => c.Spec.IsRegularized && c != baseline).Spec : baseline.Spec;
    }
}
