using System.Collections.Concurrent;

namespace Sweep.Grains.ResultsStore;

/// <summary>
/// One thread that runs a SQLite store's writes, one after another. Microsoft.Data.Sqlite's async methods complete
/// synchronously, so a write awaited in a grain's turn would hold that thread-pool thread for its whole length (a trial
/// with a 1000-epoch history takes about 1 ms), and the work its caller released just before (the silo's next trial)
/// would wait behind it. Writes from one thread also never wait for each other in SQLite's busy handler, which sleeps in
/// steps of milliseconds.
/// </summary>
internal sealed class WriterThread : IDisposable
{
    private readonly BlockingCollection<(Func<Task> Write, TaskCompletionSource Done)> writes = new();
    private readonly Thread thread;

    public WriterThread(string name)
    {
        thread = new Thread(Run) { IsBackground = true, Name = name };
        thread.Start();
    }

    /// <summary>Queues <paramref name="write"/>; the task ends when it has run, with its exception if it threw.</summary>
    public Task RunAsync(Func<Task> write)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        writes.Add((write, done));
        return done.Task;
    }

    private void Run()
    {
        foreach (var (write, done) in writes.GetConsumingEnumerable())
        {
            try
            {
                // Waiting is this thread's job; a SQLite write's task has completed by the time it returns.
                write().GetAwaiter().GetResult();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }
    }

    /// <summary>Runs the writes already queued, then ends the thread.</summary>
    public void Dispose()
    {
        writes.CompleteAdding();
        thread.Join();
        writes.Dispose();
    }
}
