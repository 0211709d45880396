using Sweep.Grains.Execution;

namespace Sweep.Grains.Tests.Execution;

public sealed class TrainingThreadsTests
{
    [Fact]
    public async Task RunAsync_TrainsOnItsOwnThreadsAndKeepsThem()
    {
        using var threads = new TrainingThreads(2);
        var caller = Environment.CurrentManagedThreadId;

        var first = await threads.RunAsync(() => (Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name));
        var seen = new HashSet<int>();
        for (var i = 0; i < 20; i++)
        {
            seen.Add(await threads.RunAsync(() => Environment.CurrentManagedThreadId));
        }

        Assert.NotEqual(caller, first.Item1);
        Assert.False(first.Item2, "a trial must not hold a thread-pool thread (the Orleans scheduler's)");
        Assert.StartsWith("sweep trainer", first.Item3, StringComparison.Ordinal);
        Assert.InRange(seen.Count, 1, 2);
    }

    [Fact]
    public async Task RunAsync_TwoAtOnce_TrainConcurrently()
    {
        using var threads = new TrainingThreads(2);
        using var both = new Barrier(2);

        // Each waits for the other: with one thread between them, neither would return.
        var a = threads.RunAsync(() => both.SignalAndWait(TimeSpan.FromSeconds(30)));
        var b = threads.RunAsync(() => both.SignalAndWait(TimeSpan.FromSeconds(30)));

        var returned = await Task.WhenAll(a, b);
        Assert.Equal([true, true], returned);
    }

    [Fact]
    public async Task RunAsync_ManySlots_StartsOnlyTheThreadsTrialsNeed()
    {
        using var threads = new TrainingThreads(1024);
        using var both = new Barrier(2);
        Assert.Equal(0, threads.Started);

        await Task.WhenAll(
            threads.RunAsync(() => both.SignalAndWait(TimeSpan.FromSeconds(30))),
            threads.RunAsync(() => both.SignalAndWait(TimeSpan.FromSeconds(30))));
        for (var i = 0; i < 20; i++)
        {
            await threads.RunAsync(() => i);
        }

        Assert.Equal(2, threads.Started);
    }

    [Fact]
    public async Task RunAsync_WhatTrainingThrows_ReachesTheCallerAndTheThreadGoesOn()
    {
        using var threads = new TrainingThreads(1);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => threads.RunAsync<int>(() => throw new InvalidOperationException("bad data")));
        var after = await threads.RunAsync(() => 42);

        Assert.Equal("bad data", error.Message);
        Assert.Equal(42, after);
    }
}
