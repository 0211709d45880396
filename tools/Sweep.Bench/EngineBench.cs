using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Sweep.Training.Engine;
using Sweep.Training.Fused;
using Sweep.Training.Specs;
using Sweep.Training.Sweeps;
using Sweep.Training.Torch;

namespace Sweep.Bench;

/// <summary>
/// One thread, each engine: seconds per whole trial (data, model, fit, final evaluations) for every configuration,
/// and for the baseline and one regularized configuration the time per epoch with and without the test evaluation
/// that fit runs after every epoch.
/// </summary>
internal static class EngineBench
{
    private static readonly TrainingBackend[] Backends = [TrainingBackend.Torch, TrainingBackend.Fused];

    public static JsonNode Run(SweepPlan plan, int repeats, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var trials = new Table().Border(TableBorder.Rounded)
            .Title($"one thread, median of {repeats} seeds: seconds per trial (ms per epoch)")
            .AddColumn("configuration").AddColumn(new TableColumn("epochs").RightAligned())
            .AddColumn(new TableColumn("torch").RightAligned()).AddColumn(new TableColumn("fused").RightAligned())
            .AddColumn(new TableColumn("speed-up").RightAligned());
        var perTrial = new JsonArray();
        foreach (var configuration in plan.Configurations)
        {
            var medians = Backends.Select(backend => Qualifies(configuration.Spec, backend)
                ? BenchResults.Median(Times(repeats, seed => WholeTrial(configuration.Spec, backend, seed, cancellationToken)))
                : double.NaN).ToArray();
            trials.AddRow(
                configuration.Label,
                $"{configuration.Spec.Epochs}",
                Cell(medians[0], configuration.Spec.Epochs),
                Cell(medians[1], configuration.Spec.Epochs),
                double.IsNaN(medians[1]) ? "-" : Format($"{medians[0] / medians[1]:F1}x"));
            perTrial.Add(new JsonObject
            {
                ["configuration"] = configuration.Label,
                ["epochs"] = configuration.Spec.Epochs,
                ["torch_seconds"] = BenchResults.Number(medians[0]),
                ["fused_seconds"] = BenchResults.Number(medians[1]),
            });
        }

        console.Write(trials);

        var epochs = new Table().Border(TableBorder.Rounded)
            .Title($"one thread, median of {repeats} seeds: ms per epoch of training alone")
            .AddColumn("configuration").AddColumn("engine")
            .AddColumn(new TableColumn("with validation").RightAligned()).AddColumn(new TableColumn("without").RightAligned());
        var perEpoch = new JsonArray();
        var baseline = plan.Configurations.FirstOrDefault(c => c.Id == plan.BaselineId) ?? plan.Configurations[0];
        var regularized = plan.Configurations.FirstOrDefault(c => c.Spec.IsRegularized && c != baseline);
        foreach (var configuration in new[] { baseline, regularized }.OfType<SweepConfiguration>())
        {
            foreach (var backend in Backends.Where(b => Qualifies(configuration.Spec, b)))
            {
                var with = BenchResults.Median(Times(repeats, seed => EngineTiming.Epochs(configuration.Spec, backend, seed, validate: true))) * 1000 / configuration.Spec.Epochs;
                var without = BenchResults.Median(Times(repeats, seed => EngineTiming.Epochs(configuration.Spec, backend, seed, validate: false))) * 1000 / configuration.Spec.Epochs;
                epochs.AddRow(configuration.Label, Name(backend), Format($"{with:F4}"), Format($"{without:F4}"));
                perEpoch.Add(new JsonObject
                {
                    ["configuration"] = configuration.Label,
                    ["backend"] = Name(backend),
                    ["ms_per_epoch_with_validation"] = BenchResults.Number(with, 5),
                    ["ms_per_epoch_without_validation"] = BenchResults.Number(without, 5),
                });
            }
        }

        console.Write(epochs);
        return new JsonObject { ["repeats"] = repeats, ["per_trial"] = perTrial, ["per_epoch"] = perEpoch };
    }

    public static string Name(TrainingBackend backend) => backend == TrainingBackend.Fused ? "fused" : "torch";

    public static bool Qualifies(TrialSpec spec, TrainingBackend backend) => backend == TrainingBackend.Torch || FusedPath.WhyNot(spec) is null;

    private static double WholeTrial(TrialSpec spec, TrainingBackend backend, int seed, CancellationToken cancellationToken)
    {
        ITrialTrainer trainer = backend == TrainingBackend.Fused ? new FusedTrainer() : new TorchTrainer();
        var clock = Stopwatch.StartNew();
        trainer.Train(spec, seed, null, cancellationToken);
        return clock.Elapsed.TotalSeconds;
    }

    // One untimed run first, so that the JIT's first compilation is not counted.
    private static double[] Times(int repeats, Func<int, double> run)
    {
        _ = run(repeats);
        return Enumerable.Range(0, repeats).Select(run).ToArray();
    }

    private static string Cell(double seconds, int epochs) =>
        double.IsNaN(seconds) ? "-" : Format($"{seconds:F3} ({1000 * seconds / epochs:F3})");

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
