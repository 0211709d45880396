using System.Diagnostics;
using Spectre.Console;
using Sweep.Grains.Contracts;

namespace Sweep.Client.Output;

/// <summary>
/// Follows a sweep until it completes, on standard error: a live bar where standard error is a terminal, else a plain
/// line per change (trials done, percent, elapsed, estimated time left), so that a log or a pipe gets text, not redraws.
/// It waits on the sweep grain's progress signal, never on a timer.
/// </summary>
internal static class ProgressView
{
    // Short enough that a pending wait does not hold up the silo's shutdown after Ctrl+C for long.
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(2);

    public static async Task<SweepStatus> FollowAsync(ISweepGrain sweep, SweepStatus status, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var doneAtStart = status.Done;
        if (Terminal.CanDraw(console))
        {
            await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(Describe(status), maxValue: status.Total);
                    task.Value = status.Done;
                    while (!status.Ended)
                    {
                        status = await NextAsync(sweep, status.Done, LongPoll, cancellationToken);
                        task.Value = status.Done;
                        task.Description = Describe(status);
                    }
                });
            return status;
        }

        console.WriteLine(Line(status, clock.Elapsed, doneAtStart));
        while (!status.Ended)
        {
            var before = status.Done;
            status = await NextAsync(sweep, status.Done, LongPoll, cancellationToken);
            if (status.Done != before)
            {
                console.WriteLine(Line(status, clock.Elapsed, doneAtStart));
            }
        }

        return status;
    }

    /// <summary>
    /// The next progress of the sweep. A silo that dies under the call (the gateway this client used,
    /// or the one holding the sweep grain) costs a retry, not the command: the cluster moves the grain
    /// and the client another gateway. Gives up after <see cref="ClusterLossLimit"/> without an answer.
    /// </summary>
    public static async Task<SweepStatus> NextAsync(ISweepGrain sweep, int doneSeen, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var failing = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await sweep.WaitForProgressAsync(doneSeen, maxWait).WaitAsync(cancellationToken);
            }
            catch (Exception e) when (e is OrleansException or TimeoutException && failing.Elapsed < ClusterLossLimit)
            {
                await Task.Delay(RetryPause, cancellationToken);
            }
        }
    }

    private static readonly TimeSpan ClusterLossLimit = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);

    private static string Describe(SweepStatus status) =>
        $"trials {status.Done}/{status.Total}{Problems(status)}";

    /// <summary>" (2 failed, 1 diverged)", or nothing.</summary>
    public static string Problems(SweepStatus status)
    {
        var parts = new List<string>();
        if (status.Failed > 0)
        {
            parts.Add($"{status.Failed} failed");
        }

        if (status.Diverged > 0)
        {
            parts.Add($"{status.Diverged} diverged");
        }

        return parts.Count == 0 ? "" : $" ({string.Join(", ", parts)})";
    }

    private static string Line(SweepStatus status, TimeSpan elapsed, int doneAtStart)
    {
        var percent = status.Total == 0 ? 100 : 100 * status.Done / status.Total;
        var fresh = status.Done - doneAtStart;
        var eta = fresh > 0 ? Numbers.Duration(elapsed / fresh * (status.Total - status.Done)) : "?";
        return $"{Describe(status)} {percent,3}%  elapsed {Numbers.Duration(elapsed)}  eta {eta}";
    }
}
