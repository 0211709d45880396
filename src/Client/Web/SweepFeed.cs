using System.Threading.Channels;
using Sweep.Grains.Contracts;

namespace Sweep.Client.Web;

/// <summary>
/// One sweep's status for everyone who watches it: one loop reads it every <see cref="StatusSource.Poll"/> while anyone
/// watches, however many pages are open, and hands each watcher the latest read (a watcher that falls behind skips to
/// the newest: only the latest status matters). The loop stops when the last watcher goes, and after it read a sweep
/// that has ended for good (completed, failed or cancelled); an interrupted sweep may be resumed, so it is read on.
/// A read that fails ends every watcher with its exception.
/// </summary>
internal sealed class SweepFeed
{
    private readonly Lock gate = new();
    private readonly List<Channel<SweepStatus>> watchers = [];
    private readonly Func<CancellationToken, StatusSource> open;
    private readonly TimeProvider time;
    private readonly Action<SweepFeed> stopped;
    private SweepStatus? latest;
    private CancellationTokenSource? polling;
    private int reads;

    /// <param name="open">Opens what reads the sweep's status; the token stops a read in flight when the loop stops.</param>
    /// <param name="time">What the pauses between reads are measured by.</param>
    /// <param name="stopped">Called when the loop has stopped and takes no more watchers.</param>
    public SweepFeed(Func<CancellationToken, StatusSource> open, TimeProvider time, Action<SweepFeed> stopped)
    {
        this.open = open;
        this.time = time;
        this.stopped = stopped;
    }

    /// <summary>How many times the sweep's status has been read, by every loop this feed ran.</summary>
    public int Reads => Volatile.Read(ref reads);

    /// <summary>
    /// A new watcher: the statuses read from now on (the latest read first, if there is one), until the sweep has ended or
    /// the watcher is disposed; null where the feed has stopped (ask <see cref="SweepFeeds"/> again for a new one).
    /// </summary>
    public Watcher? Watch()
    {
        var channel = Channel.CreateBounded<SweepStatus>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        CancellationTokenSource? start = null;
        lock (gate)
        {
            if (polling is { IsCancellationRequested: true })
            {
                return null;
            }

            watchers.Add(channel);
            if (latest is not null)
            {
                channel.Writer.TryWrite(latest);
            }

            if (polling is null)
            {
                start = polling = new CancellationTokenSource();
            }
        }

        // Started outside the lock: a store's first read may complete synchronously, on this thread.
        if (start is not null)
        {
            _ = PollAsync(start);
        }

        return new Watcher(channel.Reader, () => Leave(channel));
    }

    private void Leave(Channel<SweepStatus> channel)
    {
        lock (gate)
        {
            if (watchers.Remove(channel) && watchers.Count == 0)
            {
                // Stopped from now on: the next page to watch the sweep starts a feed of its own.
                // Once stopped, the loop has cancelled (and disposed) it already.
                if (polling is { IsCancellationRequested: false })
                {
                    polling.Cancel();
                }

                stopped(this);
            }
        }
    }

    private async Task PollAsync(CancellationTokenSource run)
    {
        var stop = run.Token;
        Exception? failure = null;
        try
        {
            using var source = open(stop);
            while (!stop.IsCancellationRequested)
            {
                var status = await source.ReadAsync();
                Interlocked.Increment(ref reads);
                lock (gate)
                {
                    latest = status;
                    foreach (var watcher in watchers)
                    {
                        watcher.Writer.TryWrite(status);
                    }
                }

                if (status.Ended && status.State != SweepState.Interrupted)
                {
                    break;
                }

                await Task.Delay(source.Poll, time, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        catch (Exception e)
        {
            // A read the last watcher's leaving cut short is no failure: no one is left to tell.
            failure = stop.IsCancellationRequested ? null : e;
        }

        lock (gate)
        {
            run.Cancel();
            foreach (var watcher in watchers)
            {
                watcher.Writer.TryComplete(failure);
            }
        }

        stopped(this);
        run.Dispose();
    }

    /// <summary>One watcher's statuses; disposing it stops watching.</summary>
    public sealed class Watcher(ChannelReader<SweepStatus> statuses, Action leave) : IDisposable
    {
        public ChannelReader<SweepStatus> Statuses { get; } = statuses;

        public void Dispose() => leave();
    }
}
