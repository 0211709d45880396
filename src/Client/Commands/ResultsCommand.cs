using System.CommandLine;
using Sweep.Client.Cli;
using Sweep.Client.Hosting;
using Sweep.Client.Output;
using Sweep.Grains.Contracts;

namespace Sweep.Client.Commands;

/// <summary><c>sweep results ID --format table|csv|json|markdown</c>: everything a sweep produced.</summary>
internal sealed class ResultsCommand : Command
{
    private readonly Argument<string> id = SharedOptions.SweepId();
    private readonly Option<string> format = new("--format") { Description = "table, csv, json or markdown (the ranked table)", DefaultValueFactory = _ => "table" };
    private readonly Option<bool> trials = new("--trials") { Description = "CSV: one row per trial instead of per configuration" };
    private readonly Option<FileInfo?> output = new("--out") { Description = "Write to this file instead of standard output" };
    private readonly Option<string?> metric = SharedOptions.Metric();
    private readonly Option<string?> store = SharedOptions.Store();
    private readonly Option<string?> cluster = SharedOptions.Cluster();
    private readonly Option<string?> clusterId = SharedOptions.ClusterId();

    public ResultsCommand()
        : base("results", "Print a sweep's aggregates and trials as a table, CSV or JSON (with histories)")
    {
        format.AcceptOnlyFromAmong("table", "csv", "json", "markdown");
        Arguments.Add(id);
        Options.Add(format);
        Options.Add(trials);
        Options.Add(output);
        Options.Add(metric);
        Options.Add(store);
        Options.Add(cluster);
        Options.Add(clusterId);
        SetAction((result, cancellationToken) => CliErrors.GuardAsync(() => RunAsync(result, cancellationToken)));
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var kind = result.GetValue(format)!;
        var address = ClusterAddress.Resolve(result.GetValue(cluster), result.GetValue(clusterId));
        SweepReport report;
        IReadOnlyList<TrialRecord> records = [];
        if (kind == "json")
        {
            var data = await StoreQuery.LoadAsync(result.GetValue(store), address, result.GetValue(id)!, result.GetValue(metric), dataFiles: false, cancellationToken);
            (report, records) = (data.Report, data.Records);
        }
        else
        {
            report = await StoreQuery.ReportAsync(result.GetValue(store), address, result.GetValue(id)!, result.GetValue(metric), attempts: true, cancellationToken);
        }

        var file = result.GetValue(output);
        if (kind == "table" && file is null)
        {
            Terminal.Out.Write(RankingTable.Create(report, width: Terminal.Out.Profile.Width));
            return CliErrors.Success;
        }

        var text = kind switch
        {
            "table" => PlainTable(report),
            "json" => ResultsDocument.Json(report, records),
            "markdown" => ResultsDocument.Markdown(report),
            _ => result.GetValue(trials) ? ResultsDocument.TrialsCsv(report) : ResultsDocument.ConfigurationsCsv(report),
        };
        if (file is not null)
        {
            await File.WriteAllTextAsync(file.FullName, text, cancellationToken);
            await Console.Error.WriteLineAsync($"wrote {file.FullName}");
        }
        else
        {
            await Console.Out.WriteAsync(text);
        }

        return CliErrors.Success;
    }

    // The ranked table as a file gets it: plain text at the width redirected output has.
    private static string PlainTable(SweepReport report)
    {
        using var writer = new StringWriter();
        var console = Terminal.Create(writer, redirected: true);
        console.Write(RankingTable.Create(report, width: console.Profile.Width));
        return writer.ToString();
    }
}
