using System.CommandLine;
using System.Diagnostics;
using Sweep.Client.Cli;
using Sweep.Client.Output;
using Sweep.Client.Report;

namespace Sweep.Client.Commands;

/// <summary>
/// <c>sweep report ID --out DIR</c>: a self-contained HTML page of the sweep (index.html), and beside it each figure
/// as PNG and the results as CSV.
/// </summary>
internal sealed class ReportCommand : Command
{
    private readonly Argument<string> id = SharedOptions.SweepId();
    private readonly Option<DirectoryInfo> output = new("--out") { Description = "The directory to write index.html, the figures and the CSV files to", Required = true };
    private readonly Option<string?> metric = SharedOptions.Metric();
    private readonly SweepSource source = new();

    public ReportCommand()
        : base("report", "Write a sweep's report: one HTML page with the ranked table, statistics, plots and trials")
    {
        Arguments.Add(id);
        Options.Add(output);
        Options.Add(metric);
        source.AddTo(this);
        SetAction((result, cancellationToken) => CliErrors.GuardAsync(() => RunAsync(result, cancellationToken)));
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var directory = result.GetValue(output)!;
        if (File.Exists(directory.FullName))
        {
            throw new ArgumentException($"--out: {directory.FullName} is a file; give a directory");
        }

        var clock = Stopwatch.StartNew();
        var sweepId = result.GetValue(id)!;
        void Progress(string step) => Console.Error.WriteLine($"report {sweepId}: {step} ({clock.Elapsed.TotalSeconds:0.0} s)");
        Progress("reading trials");
        var data = await StoreQuery.LoadAsync(
            source.Store(result), source.Cluster(result), sweepId, result.GetValue(metric), dataFiles: true, cancellationToken);
        Progress($"drawing figures from {data.Records.Count} trials");
        var figures = ReportFigures.Create(data, Progress);
        directory.Create();
        foreach (var figure in figures)
        {
            await File.WriteAllBytesAsync(Path.Combine(directory.FullName, $"{figure.Id}.png"), figure.Png, cancellationToken);
        }

        await File.WriteAllTextAsync(Path.Combine(directory.FullName, "configurations.csv"), ResultsDocument.ConfigurationsCsv(data.Report), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory.FullName, "trials.csv"), ResultsDocument.TrialsCsv(data.Report), cancellationToken);
        var page = Path.Combine(directory.FullName, "index.html");
        await File.WriteAllTextAsync(page, HtmlReport.Render(data, figures, TimeProvider.System.GetUtcNow()), cancellationToken);
        Progress($"wrote {page} with {figures.Count} figures, and the figures and configurations.csv and trials.csv beside it");
        return CliErrors.Success;
    }
}
