using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sweep.Training.Engine;
using Sweep.Training.Specs;

namespace Sweep.Grains.Execution;

/// <summary>
/// Runs trials on threads of its own (<see cref="TrainingThreads"/>), never on the Orleans scheduler, at most
/// <see cref="TrialExecutionOptions.MaxConcurrentTrials"/> at once on this silo. The
/// <see cref="TrialPuller"/> reserves a slot before it takes a trial and hands it to that trial
/// (<see cref="SlotHandOff"/>), so a trial it starts here never queues. When the host stops, running trials are cancelled
/// within an epoch and handed back to their sweeps.
/// </summary>
internal sealed class TrialExecutor(ITrialTrainer trainer, IOptions<TrialExecutionOptions> options, IHostApplicationLifetime lifetime, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim slots = new(options.Value.MaxConcurrentTrials, options.Value.MaxConcurrentTrials);
    private readonly SemaphoreSlim storing = new(options.Value.MaxConcurrentTrials, options.Value.MaxConcurrentTrials);
    private readonly TrainingThreads threads = new(options.Value.MaxConcurrentTrials);
    private int running;

    // Signalled before any hosted service, the silo included, begins to stop.
    private readonly CancellationToken stopping = lifetime.ApplicationStopping;

    /// <summary>True once the host has begun to stop.</summary>
    public bool Stopping => stopping.IsCancellationRequested;

    /// <summary>Trials training on this silo now.</summary>
    public int Running => Volatile.Read(ref running);

    /// <summary>Slots neither training nor held for a trial.</summary>
    public int Free => slots.CurrentCount;

    /// <summary>Waits for a free slot and takes it.</summary>
    public async Task<TrialSlot> ReserveAsync(CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken);
        return new TrialSlot(slots);
    }

    /// <summary>How the puller's reserved slots reach the trial grains it starts.</summary>
    public SlotHandOff HandOff { get; } = new();

    /// <summary>
    /// Trains on a thread of its own, in <paramref name="slot"/> (from <see cref="SlotHandOff.Take"/>). The run's times bracket
    /// the training; on success the caller owns the slot again (<see cref="TrialRun.Slot"/>), on failure it is freed here.
    /// </summary>
    public async Task<TrialRun> RunAsync(TrialSlot slot, TrialSpec spec, int seed, Action<EpochProgress>? onEpoch, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        var token = linked.Token;
        TrialSlot? owned = slot;
        try
        {
            Interlocked.Increment(ref running);
            try
            {
                var started = time.GetUtcNow();
                token.ThrowIfCancellationRequested();
                var result = await threads.RunAsync(() => trainer.Train(spec, seed, onEpoch, token));
                var run = new TrialRun(result, started, time.GetUtcNow(), slot);
                owned = null;
                return run;
            }
            finally
            {
                Interlocked.Decrement(ref running);
            }
        }
        finally
        {
            owned?.Dispose();
        }
    }

    /// <summary>
    /// Gives <paramref name="slot"/>, whose training is over, to this silo's next trial while the caller stores and reports
    /// the result: the next trial trains meanwhile instead of waiting for the store. The permit returned (disposed once the
    /// result is stored and reported) allows one such result per slot, so a slow store slows this silo's hand-outs instead
    /// of piling results up in memory.
    /// </summary>
    public async Task<IDisposable> HandOverAsync(TrialSlot slot)
    {
        await storing.WaitAsync();
        slot.Dispose();
        return new TrialSlot(storing);
    }

    public void Dispose()
    {
        threads.Dispose();
        slots.Dispose();
        storing.Dispose();
    }
}
