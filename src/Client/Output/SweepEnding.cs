using Spectre.Console;
using Sweep.Client.Cli;
using Sweep.Grains.Contracts;

namespace Sweep.Client.Output;

/// <summary>
/// How a command that trains a sweep ends (<c>run</c>, <c>retry</c>, <c>submit --wait</c>): it follows the progress to
/// the end, prints the ranked table, says where the results are (only where every result was stored), and one line per
/// distinct error of the failed trials. The exit code is 1 if a trial failed or the sweep was cancelled meanwhile.
/// </summary>
internal static class SweepEnding
{
    /// <param name="sweep">The sweep to follow.</param>
    /// <param name="status">Its status when training started.</param>
    /// <param name="top">Rows of the table; null for all.</param>
    /// <param name="storedIn">Where the results are, for the closing line; null for none.</param>
    /// <param name="cancellationToken">Stops following (the sweep goes on where it runs).</param>
    public static async Task<(SweepStatus Status, int ExitCode)> FollowAsync(ISweepGrain sweep, SweepStatus status, int? top, string? storedIn, CancellationToken cancellationToken)
    {
        status = await ProgressView.FollowAsync(sweep, status, Terminal.Error, cancellationToken);
        var report = await sweep.GetRankingAsync(null);
        var console = Terminal.Out;
        console.Write(RankingTable.Create(report, top, console.Profile.Width));

        // Only where every result is there: the failure summary below names the store and why it refused the others.
        if (storedIn is not null && !report.Trials.Any(t => t.NotStored))
        {
            console.MarkupLine($"Stored in {Markup.Escape(storedIn)}. More: [bold]sweep results {status.SweepId} --format json[/]");
        }

        foreach (var line in FailureSummary.Lines(report))
        {
            Terminal.ErrorLine(line);
        }

        if (status.State == SweepState.Cancelled)
        {
            return (status, CliErrors.Report($"sweep {status.SweepId} was cancelled with {status.Done} of {status.Total} trials done", CliErrors.Failure));
        }

        return (status, report.Status.Failed > 0 ? CliErrors.Failure : CliErrors.Success);
    }
}
