using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Sweep.Client.Web;
using Sweep.Grains.Contracts;

namespace Sweep.Client.Tests.Web;

/// <summary>The event streams of the web UI over a status the test sets and a clock it moves.</summary>
public sealed class SweepFeedsTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    private readonly FakeTimeProvider time = new();
    private readonly Dictionary<string, int> opened = [];
    private SweepStatus current = Status(SweepState.Running, done: 0);

    [Fact(Timeout = 10_000)]
    public async Task Stream_TwoPagesOfOneSweep_ShareOneReadPerPoll()
    {
        var feeds = Feeds();
        await using var first = feeds.StreamAsync("s1", CancellationToken.None).GetAsyncEnumerator();
        await using var second = feeds.StreamAsync("s1", CancellationToken.None).GetAsyncEnumerator();

        var opening = (await NextAsync(first), await NextAsync(second));
        current = Status(SweepState.Running, done: 1);
        var (a, b) = (NextAsync(first), NextAsync(second));
        time.Advance(Poll);
        var after = (await a, await b);

        Assert.Equal(((SweepEvents.Type, 0), (SweepEvents.Type, 0)), opening);
        Assert.Equal(((SweepEvents.Type, 1), (SweepEvents.Type, 1)), after);
        Assert.Equal(2, feeds.Of("s1")!.Reads);
        Assert.Equal(1, opened["s1"]);
    }

    [Fact(Timeout = 10_000)]
    public async Task Stream_QuietForTheHeartbeat_SendsAHeartbeatThenTheNextChange()
    {
        var feeds = Feeds();
        await using var stream = feeds.StreamAsync("s1", CancellationToken.None).GetAsyncEnumerator();
        await NextAsync(stream);

        var beat = NextAsync(stream);
        for (var waited = TimeSpan.Zero; waited < SweepFeeds.Heartbeat; waited += Poll)
        {
            Assert.False(beat.IsCompleted, $"an event after {waited} of an unchanged status");
            time.Advance(Poll);
        }

        var heartbeat = await beat;
        current = Status(SweepState.Running, done: 3);
        var change = NextAsync(stream);
        time.Advance(Poll);

        Assert.Equal((SweepEvents.HeartbeatType, -1), heartbeat);
        Assert.Equal((SweepEvents.Type, 3), await change);
    }

    [Fact(Timeout = 10_000)]
    public async Task Stream_InterruptedSweep_GoesOnAndFollowsItsResumeToItsEnd()
    {
        var feeds = Feeds();
        current = Status(SweepState.Interrupted, done: 2);
        await using var stream = feeds.StreamAsync("s1", CancellationToken.None).GetAsyncEnumerator();
        var interrupted = await NextAsync(stream);

        current = Status(SweepState.Running, done: 2);
        var resumed = NextAsync(stream);
        time.Advance(Poll);
        var running = await resumed;
        current = Status(SweepState.Completed, done: 4);
        var ending = NextAsync(stream);
        time.Advance(Poll);
        var completed = await ending;

        Assert.Equal((SweepEvents.Type, 2), interrupted);
        Assert.Equal((SweepEvents.Type, 2), running);
        Assert.Equal((SweepEvents.Type, 4), completed);
        Assert.False(await stream.MoveNextAsync());
        Assert.Null(feeds.Of("s1"));
    }

    [Fact(Timeout = 10_000)]
    public async Task Stream_LastPageGone_StopsReadingAndALaterPageStartsAgain()
    {
        var feeds = Feeds();
        SweepFeed gone;
        using (var leaving = new CancellationTokenSource())
        {
            await using var stream = feeds.StreamAsync("s1", leaving.Token).GetAsyncEnumerator();
            await NextAsync(stream);
            gone = feeds.Of("s1")!;
            var pending = stream.MoveNextAsync().AsTask();
            await leaving.CancelAsync();
            Assert.False(await pending);
        }

        var left = feeds.Of("s1");
        time.Advance(Poll * 3);
        await using var again = feeds.StreamAsync("s1", CancellationToken.None).GetAsyncEnumerator();

        Assert.Null(left);
        Assert.Equal(1, gone.Reads);
        Assert.Equal((SweepEvents.Type, 0), await NextAsync(again));
        Assert.Equal(2, opened["s1"]);
    }

    private static SweepStatus Status(SweepState state, int done) =>
        new("s1", "demo", state, 2, 4, done, 0, DateTimeOffset.UnixEpoch, null, "test_accuracy", null, []);

    // The next event's type and, for progress, its count of finished trials (-1 for a heartbeat).
    private static async Task<(string Type, int Done)> NextAsync(IAsyncEnumerator<SseItem<string>> stream)
    {
        Assert.True(await stream.MoveNextAsync(), "the stream ended");
        var item = stream.Current;
        return (item.EventType!, item.EventType == SweepEvents.Type ? (int)JsonNode.Parse(item.Data)!["done"]! : -1);
    }

    private SweepFeeds Feeds() => new(
        (sweepId, _) =>
        {
            opened[sweepId] = opened.GetValueOrDefault(sweepId) + 1;
            return new StatusSource(() => Task.FromResult(current), Poll, null);
        },
        time);
}
