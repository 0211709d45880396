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
    public int Reads { get; private set; }

    /// <summary>
    /// A new watcher: the statuses read from now on (the latest read first, if there is one), until the sweep has ended or
    /// the watcher is disposed; null where the feed has stopped (ask <see cref="SweepFeeds"/> again for a new one).
    /// </summary>
    public Watcher? Watch()
    {
        var channel = Channel.CreateBounded<SweepStatus>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
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
                polling = new CancellationTokenSource();
                _ = PollAsync(polling.Token);
            }
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
                polling?.Cancel();
                stopped(this);
            }
        }
    }

    private async Task PollAsync(CancellationToken stop)
    {
        Exception? failure = null;
        try
        {
            using var source = open(stop);
            while (!stop.IsCancellationRequested)
            {
                var status = await source.ReadAsync();
                Reads++;
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
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            failure = e;
        }
        catch (OperationCanceledException)
        {
            // The last watcher went while a read was in flight.
        }

        lock (gate)
        {
            polling!.Cancel();
            foreach (var watcher in watchers)
            {
                watcher.Writer.TryComplete(failure);
            }
        }

        stopped(this);
    }

    /// <summary>One watcher's statuses; disposing it stops watching.</summary>
    public sealed class Watcher(ChannelReader<SweepStatus> statuses, Action leave) : IDisposable
    {
        public ChannelReader<SweepStatus> Statuses { get; } = statuses;

        public void Dispose() => leave();
    }
}
