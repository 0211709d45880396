using Microsoft.Extensions.Options;
using Sweep.Training.Engine;
using Sweep.Training.Specs;

namespace Sweep.Grains.Execution;

/// <summary>
/// Runs trials on dedicated threads, never on the Orleans scheduler, at most
/// <see cref="TrialExecutionOptions.MaxConcurrentTrials"/> at once on this silo.
/// </summary>
internal sealed class TrialExecutor(ITrialTrainer trainer, IOptions<TrialExecutionOptions> options) : IDisposable
{
    private readonly SemaphoreSlim slots = new(options.Value.MaxConcurrentTrials, options.Value.MaxConcurrentTrials);

    /// <summary>Waits for a free slot, then trains on a thread of its own.</summary>
    public async Task<TrialResult> RunAsync(TrialSpec spec, int seed, Action<EpochProgress>? onEpoch, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken);
        try
        {
            return await Task.Factory.StartNew(
                () => trainer.Train(spec, seed, onEpoch, cancellationToken),
                cancellationToken,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
        }
        finally
        {
            slots.Release();
        }
    }

    public void Dispose() => slots.Dispose();
}
