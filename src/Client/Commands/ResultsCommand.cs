using System.CommandLine;
using Sweep.Client.Cli;
using Sweep.Client.Output;
using Sweep.Grains.Contracts;

namespace Sweep.Client.Commands;

/// <summary>
/// <c>sweep results ID --format table|csv|json|markdown|history|parquet [--configs ...] [--history] [--out FILE]</c>: everything a
/// sweep produced, for all configurations or those <c>--configs</c> names (ids, labels, ranks, grid settings such as
/// <c>rate=0.5</c>).
/// </summary>
internal sealed class ResultsCommand : Command
{
    private readonly Argument<string> id = SharedOptions.SweepId();
    private readonly Option<string> format = new("--format") { Description = "table, csv, json, markdown (the ranked table), history (CSV, one row per trial, epoch and metric) or parquet (the CSV's table, typed)", DefaultValueFactory = _ => "table" };
    private readonly Option<bool> trials = new("--trials") { Description = "CSV and Parquet: one row per trial instead of per configuration" };
    private readonly Option<bool> history = new("--history") { Description = "JSON: each trial's per-epoch history too" };
    private readonly Option<string[]> configs = new("--configs")
    {
        Description = "Only these configurations: ids, id prefixes, labels, ranks (#1) or grid settings (rate=0.5; several in one value, separated by spaces, must all hold)",
        AllowMultipleArgumentsPerToken = true,
    };
    private readonly Option<FileInfo?> output = new("--out") { Description = "Write to this file instead of standard output" };
    private readonly Option<string?> metric = SharedOptions.Metric();
    private readonly SweepSource source = new();

    public ResultsCommand()
        : base("results", "Print a sweep's aggregates and trials as a table, CSV or JSON (with histories)")
    {
        format.AcceptOnlyFromAmong("table", "csv", "json", "markdown", "history", "parquet");
        Arguments.Add(id);
        Options.Add(format);
        Options.Add(trials);
        Options.Add(history);
        Options.Add(configs);
        Options.Add(output);
        Options.Add(metric);
        source.AddTo(this);
        SetAction((result, cancellationToken) => CliErrors.GuardAsync(() => RunAsync(result, cancellationToken)));
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var kind = result.GetValue(format)!;
        var file = result.GetValue(output);
        if (file is not null && Directory.Exists(file.FullName))
        {
            throw new ArgumentException($"--out: {file.FullName} is a directory; give a file");
        }

        if (file is not null && !Directory.Exists(file.DirectoryName))
        {
            throw new ArgumentException($"--out: the folder {file.DirectoryName} does not exist");
        }

        if (kind == "parquet" && file is null && !Console.IsOutputRedirected)
        {
            throw new ArgumentException("--format parquet writes a binary file: give --out FILE, or redirect standard output to a file");
        }

        var address = source.Cluster(result);
        SweepReport report;
        IReadOnlyList<TrialRecord> records = [];
        if (kind is "json" or "history")
        {
            var data = await StoreQuery.LoadAsync(source.Store(result), address, result.GetValue(id)!, result.GetValue(metric), dataFiles: false, cancellationToken);
            (report, records) = (data.Report, data.Records);
        }
        else if (kind is "table" or "markdown")
        {
            // The ranked table alone: the store's aggregates, as best reads them, not every trial. The exports (CSV, Parquet)
            // keep the aggregates of every trial's values, whose last digits the store's sums would change.
            report = await StoreQuery.RankingAsync(source.Store(result), address, result.GetValue(id)!, result.GetValue(metric), cancellationToken);
        }
        else
        {
            report = await StoreQuery.ReportAsync(source.Store(result), address, result.GetValue(id)!, result.GetValue(metric), attempts: true, cancellationToken);
        }

        var names = result.GetValue(configs) ?? [];
        IReadOnlySet<string>? only = names.Length == 0 ? null : ConfigurationChoice.Select(report, names).Select(a => a.Configuration.Id).ToHashSet(StringComparer.Ordinal);
        if (kind == "table" && file is null)
        {
            Terminal.Out.Write(RankingTable.Create(report, width: Terminal.Out.Profile.Width, only: only));
            return CliErrors.Success;
        }

        if (kind == "parquet")
        {
            var table = result.GetValue(trials) ? ResultsTable.Trials(report, only) : ResultsTable.Configurations(report, only);
            using var buffer = new MemoryStream();
            await ParquetExport.WriteAsync(table, buffer, cancellationToken);
            buffer.Position = 0;
            if (file is not null)
            {
                await using (var stream = File.Create(file.FullName))
                {
                    await buffer.CopyToAsync(stream, cancellationToken);
                }

                await Console.Error.WriteLineAsync($"wrote {file.FullName}");
            }
            else
            {
                await using var stream = Console.OpenStandardOutput();
                await buffer.CopyToAsync(stream, cancellationToken);
            }

            return CliErrors.Success;
        }

        var text = kind switch
        {
            "table" => PlainTable(report, only),
            "json" => ResultsDocument.Json(report, records, result.GetValue(history), only),
            "history" => ResultsDocument.HistoryCsv(report, records, only),
            "markdown" => ResultsDocument.Markdown(report, only),
            _ => result.GetValue(trials) ? ResultsDocument.TrialsCsv(report, only) : ResultsDocument.ConfigurationsCsv(report, only),
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
    private static string PlainTable(SweepReport report, IReadOnlySet<string>? only)
    {
        using var writer = new StringWriter();
        var console = Terminal.Create(writer, redirected: true);
        console.Write(RankingTable.Create(report, width: console.Profile.Width, only: only));
        return writer.ToString();
    }
}
