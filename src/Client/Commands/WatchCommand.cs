using System.CommandLine;
using System.Data.Common;
using System.Diagnostics;
using Spectre.Console;
using Sweep.Client.Cli;
using Sweep.Client.Hosting;
using Sweep.Client.Output;
using Sweep.Grains.Contracts;
using Sweep.Grains.Results.Racing;

namespace Sweep.Client.Commands;

/// <summary><c>sweep watch ID</c>: follows a sweep to its end, with each silo's running and finished trials.</summary>
internal sealed class WatchCommand : Command
{
    // The sweep signals finished trials; trials handed out in between show at the next one or after this long.
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan StorePoll = TimeSpan.FromMilliseconds(200);

    private readonly Argument<string> id = SharedOptions.SweepId();
    private readonly SweepSource source = new();

    public WatchCommand()
        : base("watch", "Follow a sweep until it completes or is cancelled, with each silo's share of the trials (Ctrl+C stops watching, not the sweep)")
    {
        Arguments.Add(id);
        source.AddTo(this);
        SetAction((result, cancellationToken) => CliErrors.GuardAsync(() => WatchAsync(result, cancellationToken)));
    }

    private async Task<int> WatchAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var address = source.Cluster(result);
        var sweepId = await StoreQuery.ResolveAsync(source.Store(result), address, result.GetValue(id)!, cancellationToken);
        await using var connection = address is null ? null : await StoreQuery.OpenAsync(null, address, EmbeddedUse.Queries, cancellationToken);
        using var reader = address is null ? new StoreQuery.StatusReader(source.Store(result), sweepId) : null;
        Func<SweepStatus, Task<SweepStatus>> nextStatus = reader is not null
            ? seen => PollAsync(reader, seen, cancellationToken)
            : seen => ProgressView.NextAsync(connection!.Grains.GetGrain<ISweepGrain>(sweepId), seen.Done, Refresh, cancellationToken);
        var status = reader is not null ? await reader.ReadAsync() : await connection!.Grains.GetGrain<ISweepGrain>(sweepId).GetStatusAsync();

        // A raced sweep's race, read again whenever a trial ends (its decisions come only then); a grid has none. The race
        // is extra: where it cannot be read now (a silo or the store away), the watch goes on with the last one it read.
        Func<Task<RaceStanding?>> raceOf = connection is null
            ? () => StoreQuery.RaceAsync(source.Store(result), null, sweepId, cancellationToken)
            : () => connection.Grains.GetGrain<ISweepGrain>(sweepId).GetRaceAsync().WaitAsync(cancellationToken);
        var (raced, race) = (true, (RaceStanding?)null);
        async Task RefreshRaceAsync()
        {
            try
            {
                race = await raceOf();
                raced = race is not null;
            }
            catch (Exception e) when (e is OrleansException or TimeoutException or DbException or InvalidOperationException or IOException)
            {
                // Kept as it was: the next trial's end reads it again.
            }
        }

        await RefreshRaceAsync();
        async Task<SweepStatus> NextAsync(SweepStatus seen)
        {
            var next = await nextStatus(seen);
            if (raced && (next.Done != seen.Done || next.Ended))
            {
                await RefreshRaceAsync();
            }

            return next;
        }

        var clock = Stopwatch.StartNew();
        var console = Terminal.Out;
        if (Terminal.CanDraw(console))
        {
            await console.Live(SiloView.Render(status, clock.Elapsed, race)).StartAsync(async context =>
            {
                while (!status.Ended)
                {
                    status = await NextAsync(status);
                    context.UpdateTarget(SiloView.Render(status, clock.Elapsed, race));
                }
            });
        }
        else
        {
            var line = SiloView.Line(status, clock.Elapsed, race);
            Terminal.OutLine(line);
            while (!status.Ended)
            {
                status = await NextAsync(status);
                var next = SiloView.Line(status, clock.Elapsed, race);

                // The elapsed time alone is no news.
                if (next[..next.IndexOf(", watched", StringComparison.Ordinal)] != line[..line.IndexOf(", watched", StringComparison.Ordinal)])
                {
                    Terminal.OutLine(next);
                }

                line = next;
            }

            console.Write(SiloView.Table(status));
        }

        if (status.State == SweepState.Interrupted)
        {
            Terminal.ErrorLine($"sweep {status.SweepId} was interrupted: the process that ran it ended first; running its sweep file again resumes it");
        }

        return status.State == SweepState.Completed && status.Failed == 0 ? CliErrors.Success : CliErrors.Failure;
    }

    /// <summary>
    /// The next status of a sweep that a process on this machine runs on the embedded store: the store is read until a
    /// trial starts or ends, the sweep ends, or <see cref="Refresh"/> passes. Another process's writes have no signal
    /// this one can wait on, so it reads again every <see cref="StorePoll"/> (a few SQL statements each time).
    /// </summary>
    private static async Task<SweepStatus> PollAsync(StoreQuery.StatusReader reader, SweepStatus seen, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            await Task.Delay(StorePoll, cancellationToken);
            var status = await reader.ReadAsync();
            if (status.Done != seen.Done || status.Running != seen.Running || status.State != seen.State || waited.Elapsed >= Refresh)
            {
                return status;
            }
        }
    }
}
