using System.CommandLine;
using System.Diagnostics;
using ScottPlot;
using Sweep.Client.Cli;
using Sweep.Client.Output;
using Sweep.Client.Plots;

namespace Sweep.Client.Commands;

/// <summary>
/// <c>sweep plot ID --kind curves|coefficients|sparsity|data [--configs ...] --out FILE.png|svg</c>: one figure of a
/// sweep, as PNG or SVG.
/// </summary>
internal sealed class PlotCommand : Command
{
    private readonly Argument<string> id = SharedOptions.SweepId();
    private readonly Option<string> kind = new("--kind") { Description = "curves, coefficients, sparsity or data", DefaultValueFactory = _ => "curves" };
    private readonly Option<string[]> configs = new("--configs")
    {
        Description = $"Configurations to draw: ids, id prefixes, labels or ranks (#1); default: the top {SweepFigures.DefaultCurveCount} and the baseline for curves, all otherwise",
        AllowMultipleArgumentsPerToken = true,
    };

    private readonly Option<string> y = new("--y") { Description = "curves: accuracy or loss", DefaultValueFactory = _ => "accuracy" };
    private readonly Option<string> x = new("--x") { Description = "sparsity: zero_fraction or activation_mean", DefaultValueFactory = _ => "zero_fraction" };
    private readonly Option<FileInfo> output = new("--out") { Description = "The file to write: .png or .svg", Required = true };
    private readonly Option<int?> width = SharedOptions.Positive("--width", $"Width in pixels (default {SweepPlots.DefaultWidth})", 10_000);
    private readonly Option<int?> height = SharedOptions.Positive("--height", $"Height in pixels (default {SweepPlots.DefaultHeight})", 10_000);
    private readonly Option<string?> metric = SharedOptions.Metric();
    private readonly SweepSource source = new();

    public PlotCommand()
        : base("plot", "Draw learning curves, a metric against regularization coefficients, sparsity, or the dataset, as PNG or SVG")
    {
        kind.AcceptOnlyFromAmong(SweepFigures.Kinds);
        y.AcceptOnlyFromAmong("accuracy", "loss");
        x.AcceptOnlyFromAmong("zero_fraction", "activation_mean");
        Arguments.Add(id);
        Options.Add(kind);
        Options.Add(configs);
        Options.Add(y);
        Options.Add(x);
        Options.Add(output);
        Options.Add(width);
        Options.Add(height);
        Options.Add(metric);
        source.AddTo(this);
        SetAction((result, cancellationToken) => CliErrors.GuardAsync(() => RunAsync(result, cancellationToken)));
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var file = result.GetValue(output)!;
        _ = SweepPlots.IsSvg(file.Name);

        var clock = Stopwatch.StartNew();
        var sweepId = result.GetValue(id)!;
        await Console.Error.WriteLineAsync($"sweep {sweepId}: reading trials");
        var figure = result.GetValue(kind)!;
        var data = await StoreQuery.LoadAsync(
            source.Store(result), source.Cluster(result), sweepId, result.GetValue(metric), dataFiles: figure == "data", cancellationToken);
        var chosen = result.GetValue(configs) ?? [];
        await Console.Error.WriteLineAsync($"sweep {sweepId}: drawing {figure} from {data.Records.Count} trials ({clock.Elapsed.TotalSeconds:0.0} s)");
        var plot = Draw(figure, data, chosen, result.GetValue(y) == "loss", result.GetValue(x)!);
        var (w, h) = (result.GetValue(width) ?? SweepPlots.DefaultWidth, result.GetValue(height) ?? SweepPlots.DefaultHeight);
        SweepPlots.Save(plot, file.FullName, w, h);
        await Console.Error.WriteLineAsync($"wrote {file.FullName} ({w}x{h}, {Series(plot)} series, {clock.Elapsed.TotalSeconds:0.0} s)");
        return CliErrors.Success;
    }

    /// <summary>The figure of that kind; named configurations narrow curves, sparsity, and the dataset shown.</summary>
    internal static Plot Draw(string kind, SweepData data, IReadOnlyList<string> configurations, bool loss, string x) => kind switch
    {
        "curves" => SweepFigures.Curves(data, data.Select(configurations, SweepFigures.DefaultCurveCount), loss),
        "coefficients" => SweepFigures.Coefficients(data, data.Report.RankedBy),
        "sparsity" => SweepFigures.Sparsity(data, data.Select(configurations), x),
        _ => SweepFigures.Data(data, (configurations.Count > 0 ? data.Select(configurations) : [data.Baseline ?? data.Report.Ranking[0]])[0]),
    };

    /// <summary>How many series the legend names: one per configuration (or regularizer, or class and split).</summary>
    internal static int Series(Plot plot) => plot.GetPlottables().SelectMany(p => p.LegendItems).Count(item => !string.IsNullOrEmpty(item.LabelText));
}
