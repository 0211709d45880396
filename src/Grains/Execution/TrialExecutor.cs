using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sweep.Training.Engine;
using Sweep.Training.Specs;

namespace Sweep.Grains.Execution;

/// <summary>
/// Runs trials on dedicated threads, never on the Orleans scheduler, at most
/// <see cref="TrialExecutionOptions.MaxConcurrentTrials"/> at once on this silo. When the host
/// stops, running trials are cancelled within an epoch and left unrecorded, so a resumed sweep
/// trains them again.
/// </summary>
internal sealed class TrialExecutor(ITrialTrainer trainer, IOptions<TrialExecutionOptions> options, IHostApplicationLifetime lifetime, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim slots = new(options.Value.MaxConcurrentTrials, options.Value.MaxConcurrentTrials);

    // Signalled before any hosted service, the silo included, begins to stop.
    private readonly CancellationToken stopping = lifetime.ApplicationStopping;

    /// <summary>True once the host has begun to stop.</summary>
    public bool Stopping => stopping.IsCancellationRequested;

    /// <summary>Waits for a free slot, then trains on a thread of its own; the times bracket the slot's use.</summary>
    public async Task<TrialRun> RunAsync(TrialSpec spec, int seed, Action<EpochProgress>? onEpoch, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        var token = linked.Token;
        await slots.WaitAsync(token);
        try
        {
            var started = time.GetUtcNow();
            var result = await Task.Factory.StartNew(
                () => trainer.Train(spec, seed, onEpoch, token),
                token,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
            return new TrialRun(result, started, time.GetUtcNow());
        }
        finally
        {
            slots.Release();
        }
    }

    public void Dispose() => slots.Dispose();
}
