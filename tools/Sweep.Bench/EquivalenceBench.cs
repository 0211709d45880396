using System.Globalization;
using System.Text.Json.Nodes;
using MathNet.Numerics.Statistics;
using Spectre.Console;
using Sweep.Training.Engine;
using Sweep.Training.Fused;
using Sweep.Training.Specs;
using Sweep.Training.Sweeps;

namespace Sweep.Bench;

/// <summary>
/// The engines compared on full runs: every configuration the fused path trains, over the same seeds on both, on all
/// cores. Per seed the two drift apart (float32 rounding differs, and 4000 epochs amplify it), so the comparison is
/// statistical: each configuration's mean test accuracy, and whether both engines rank the configurations alike.
/// </summary>
internal static class EquivalenceBench
{
    public static JsonNode Run(SweepPlan plan, int seeds, int cores, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var configurations = plan.Configurations.Where(c => FusedPath.WhyNot(c.Spec) is null).ToArray();
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"full runs, {seeds} seeds each, both engines: test accuracy (mean ± std)")
            .AddColumn("configuration").AddColumn(new TableColumn("torch").RightAligned())
            .AddColumn(new TableColumn("fused").RightAligned()).AddColumn(new TableColumn("difference").RightAligned());
        var rows = new JsonArray();
        var means = new List<(string Label, double Torch, double Fused)>();
        foreach (var configuration in configurations)
        {
            var torch = Accuracies(configuration.Spec with { Backend = TrainingBackend.Torch }, seeds, cores, cancellationToken);
            var fused = Accuracies(configuration.Spec with { Backend = TrainingBackend.Fused }, seeds, cores, cancellationToken);
            var difference = fused.Mean() - torch.Mean();
            means.Add((configuration.Label, torch.Mean(), fused.Mean()));
            table.AddRow(configuration.Label, Summary(torch), Summary(fused), Format($"{difference:+0.0000;-0.0000}"));
            rows.Add(new JsonObject
            {
                ["configuration"] = configuration.Label,
                ["torch_mean"] = BenchResults.Number(torch.Mean()),
                ["torch_std"] = BenchResults.Number(torch.StandardDeviation()),
                ["fused_mean"] = BenchResults.Number(fused.Mean()),
                ["fused_std"] = BenchResults.Number(fused.StandardDeviation()),
                ["difference"] = BenchResults.Number(difference),
            });
            console.MarkupLine(Markup.Escape(Format($"  {configuration.Label}: torch {torch.Mean():F4}, fused {fused.Mean():F4}")));
        }

        console.Write(table);
        var torchRanking = means.OrderByDescending(m => m.Torch).Select(m => m.Label).ToArray();
        var fusedRanking = means.OrderByDescending(m => m.Fused).Select(m => m.Label).ToArray();
        var largest = means.Count == 0 ? double.NaN : means.Max(m => Math.Abs(m.Fused - m.Torch));
        var sameRanking = torchRanking.SequenceEqual(fusedRanking);
        console.MarkupLine(Format($"largest difference of means: [bold]{largest:F4}[/]; ranking of the configurations: [bold]{(sameRanking ? "the same" : "different")}[/]"));
        return new JsonObject
        {
            ["seeds"] = seeds,
            ["configurations"] = rows,
            ["largest_difference"] = BenchResults.Number(largest),
            ["same_ranking"] = sameRanking,
            ["torch_ranking"] = new JsonArray(torchRanking.Select(l => (JsonNode?)l).ToArray()),
            ["fused_ranking"] = new JsonArray(fusedRanking.Select(l => (JsonNode?)l).ToArray()),
        };
    }

    private static double[] Accuracies(TrialSpec spec, int seeds, int cores, CancellationToken cancellationToken)
    {
        var accuracies = new double[seeds];
        var trainer = new AutoTrainer();
        Parallel.For(0, seeds, new ParallelOptions { MaxDegreeOfParallelism = cores, CancellationToken = cancellationToken }, seed =>
            accuracies[seed] = trainer.Train(spec, seed, null, cancellationToken).TestAccuracy);
        return accuracies;
    }

    private static string Summary(double[] values) => Format($"{values.Mean():F4} ± {values.StandardDeviation():F4}");

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
