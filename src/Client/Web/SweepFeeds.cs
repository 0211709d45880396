using System.Collections.Concurrent;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace Sweep.Client.Web;

/// <summary>
/// The event streams of <c>/api/sweeps/{id}/events</c>: one <see cref="SweepFeed"/> per watched sweep, so that a store
/// or a cluster is read once per poll however many pages follow the sweep.
/// </summary>
/// <param name="open">Opens what reads a sweep's status (<see cref="SweepSite.Statuses"/>).</param>
/// <param name="time">What polls and heartbeats are measured by.</param>
internal sealed class SweepFeeds(Func<string, CancellationToken, StatusSource> open, TimeProvider time)
{
    /// <summary>
    /// How long a stream may go without an event before it sends a <c>heartbeat</c> event (which pages do not listen to),
    /// so that a proxy between the page and the app does not close a stream that is quiet while long trials run.
    /// </summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, SweepFeed> feeds = new(StringComparer.Ordinal);

    /// <summary>The feed of <paramref name="sweepId"/> while anyone watches it; null otherwise.</summary>
    public SweepFeed? Of(string sweepId) => feeds.GetValueOrDefault(sweepId);

    /// <summary>
    /// The sweep's events: a <c>progress</c> event at once and whenever its count of finished trials or its state changes
    /// (<see cref="SweepEvents.Data"/>), a <c>heartbeat</c> after <see cref="Heartbeat"/> without one; the stream ends
    /// after the event of a sweep that has ended for good, or when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async IAsyncEnumerable<SseItem<string>> StreamAsync(string sweepId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var watcher = Watch(sweepId);
        var statuses = watcher.Statuses;
        Grains.Contracts.SweepStatus? sent = null;
        var quietSince = time.GetUtcNow();
        var ready = statuses.WaitToReadAsync(cancellationToken).AsTask();
        while (!cancellationToken.IsCancellationRequested)
        {
            // Quiet since the last event sent, not the last read: a status read again unchanged is no event.
            var untilBeat = quietSince + Heartbeat - time.GetUtcNow();
            if (untilBeat <= TimeSpan.Zero)
            {
                yield return new SseItem<string>("", SweepEvents.HeartbeatType);
                quietSince = time.GetUtcNow();
                continue;
            }

            using (var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                await Task.WhenAny(ready, Task.Delay(untilBeat, time, quiet.Token));
                await quiet.CancelAsync();
            }

            if (!ready.IsCompleted)
            {
                continue;
            }

            // False: the feed read a sweep that has ended (its event went first); a read that failed throws here.
            bool more;
            try
            {
                more = await ready;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }

            while (statuses.TryRead(out var status))
            {
                if (sent is null || status.Done != sent.Done || status.State != sent.State)
                {
                    yield return new SseItem<string>(SweepEvents.Data(status), SweepEvents.Type);
                    sent = status;
                    quietSince = time.GetUtcNow();
                }
            }

            if (!more)
            {
                yield break;
            }

            ready = statuses.WaitToReadAsync(cancellationToken).AsTask();
        }
    }

    // A watcher of the sweep's feed, starting one where none runs (or where the one found has just stopped).
    private SweepFeed.Watcher Watch(string sweepId)
    {
        while (true)
        {
            var feed = feeds.GetOrAdd(sweepId, id => new SweepFeed(token => open(id, token), time, stopped => feeds.TryRemove(new(id, stopped))));
            if (feed.Watch() is { } watcher)
            {
                return watcher;
            }

            feeds.TryRemove(new(sweepId, feed));
        }
    }
}
