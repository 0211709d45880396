using System.Collections.Concurrent;

namespace Sweep.Grains.Execution;

/// <summary>
/// The threads trials train on: at most one per slot, each started when a trial first finds no thread waiting and kept
/// after, never the Orleans scheduler's or the thread pool's. A trial's start hands its work to a waiting thread in
/// microseconds, where starting a thread for each trial took 0.27 ms (median; 0.6 ms mean) of the slot's time between
/// trials; a silo of 1024 slots that never runs more than 2 trials at once starts 2. Nothing a trial leaves on its
/// thread carries over: training keeps no thread-local state (each trial has its own generators; TorchSharp's dispose
/// and no-grad scopes are closed by the trial that opened them).
/// </summary>
internal sealed class TrainingThreads(int limit) : IDisposable
{
    // Each piece of work trains and returns how to hand its outcome over, which its thread does once it counts itself idle.
    private readonly BlockingCollection<Func<Action>> work = new();
    private int started;

    // Threads waiting for work that no handed-out work has counted on yet. Each piece of work either takes one of them
    // or starts a thread, so there is always a thread for every piece of work waiting (up to the limit).
    private int idle;

    /// <summary>The threads started so far.</summary>
    public int Started => Volatile.Read(ref started);

    /// <summary>Runs <paramref name="train"/> on one of the threads; the task completes off that thread.</summary>
    public Task<T> RunAsync<T>(Func<T> train)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        work.Add(() =>
        {
            try
            {
                var result = train();
                return () => done.SetResult(result);
            }
            catch (Exception e)
            {
                return () => done.SetException(e);
            }
        });
        if (!TakeIdle())
        {
            Start();
        }

        return done.Task;
    }

    private bool TakeIdle()
    {
        while (true)
        {
            var waiting = Volatile.Read(ref idle);
            if (waiting == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref idle, waiting - 1, waiting) == waiting)
            {
                return true;
            }
        }
    }

    private void Start()
    {
        var count = Interlocked.Increment(ref started);
        if (count > limit)
        {
            // More work at once than slots: it waits for a thread (the executor never hands out more).
            Interlocked.Decrement(ref started);
            return;
        }

        new Thread(Work) { IsBackground = true, Name = $"sweep trainer {count}" }.Start();
    }

    // A thread is started for one piece of work, so it counts itself idle only once that is trained; it does so before
    // the outcome is handed over, so the caller's next trial finds it waiting.
    private void Work()
    {
        foreach (var item in work.GetConsumingEnumerable())
        {
            var handOver = item();
            Interlocked.Increment(ref idle);
            handOver();
        }
    }

    /// <summary>The threads end once the work handed to them is done.</summary>
    public void Dispose() => work.CompleteAdding();
}
