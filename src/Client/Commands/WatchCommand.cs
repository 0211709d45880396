using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using Sweep.Client.Cli;
using Sweep.Client.Hosting;
using Sweep.Client.Output;
using Sweep.Grains.Contracts;

namespace Sweep.Client.Commands;

/// <summary><c>sweep watch ID</c>: follows a sweep to its end, with each silo's running and finished trials.</summary>
internal sealed class WatchCommand : Command
{
    // The sweep signals finished trials; trials handed out in between show at the next one or after this long.
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(2);

    private readonly Argument<string> id = SharedOptions.SweepId();
    private readonly Option<string?> store = SharedOptions.Store();
    private readonly Option<string?> cluster = SharedOptions.Cluster();
    private readonly Option<string?> clusterId = SharedOptions.ClusterId();

    public WatchCommand()
        : base("watch", "Follow a sweep until it completes or is cancelled, with each silo's share of the trials (Ctrl+C stops watching, not the sweep)")
    {
        Arguments.Add(id);
        Options.Add(store);
        Options.Add(cluster);
        Options.Add(clusterId);
        SetAction((result, cancellationToken) => CliErrors.GuardAsync(() => WatchAsync(result, cancellationToken)));
    }

    private async Task<int> WatchAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var address = ClusterAddress.Resolve(result.GetValue(cluster), result.GetValue(clusterId));
        await using var connection = await StoreQuery.OpenAsync(result.GetValue(store), address, EmbeddedUse.Queries, cancellationToken);
        var sweep = connection.Grains.GetGrain<ISweepGrain>(result.GetValue(id)!);
        var status = await sweep.GetStatusAsync();
        var clock = Stopwatch.StartNew();
        var console = Terminal.Out;
        if (Terminal.CanDraw(console))
        {
            await console.Live(SiloView.Render(status, clock.Elapsed)).StartAsync(async context =>
            {
                while (!status.Ended)
                {
                    status = await ProgressView.NextAsync(sweep, status.Done, Refresh, cancellationToken);
                    context.UpdateTarget(SiloView.Render(status, clock.Elapsed));
                }
            });
        }
        else
        {
            var line = SiloView.Line(status, clock.Elapsed);
            console.WriteLine(line);
            while (!status.Ended)
            {
                status = await ProgressView.NextAsync(sweep, status.Done, Refresh, cancellationToken);
                var next = SiloView.Line(status, clock.Elapsed);

                // The elapsed time alone is no news.
                if (next[..next.IndexOf(", watched", StringComparison.Ordinal)] != line[..line.IndexOf(", watched", StringComparison.Ordinal)])
                {
                    console.WriteLine(next);
                }

                line = next;
            }

            console.Write(SiloView.Table(status));
        }

        return status.State == SweepState.Completed && status.Failed == 0 ? CliErrors.Success : CliErrors.Failure;
    }
}
