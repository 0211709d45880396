using Microsoft.Extensions.Hosting;
using Sweep.Grains.Contracts;

namespace Sweep.Grains.Sweeps;

/// <summary>
/// Remembers every sweep started on this store, so that <c>sweep list</c> can find them, and keeps
/// the work board that silos long-poll for sweeps with trials to run.
/// </summary>
internal sealed class SweepCatalogGrain(
    [PersistentState("catalog", StorageNames.Sweeps)] IPersistentState<SweepCatalogGrainState> state,
    TimeProvider time,
    IHostApplicationLifetime host) : Grain, ISweepCatalogGrain
{
    // Starts from the clock so that a silo that saw an older activation's version never mistakes it for the current one.
    private long version = time.GetUtcNow().UtcTicks;
    private TaskCompletionSource changed = NewSignal();

    public async Task AddAsync(string sweepId)
    {
        if (!state.State.SweepIds.Contains(sweepId))
        {
            state.State.SweepIds.Add(sweepId);
            await state.WriteStateAsync();
        }
    }

    public Task<string[]> ListAsync() => Task.FromResult(state.State.SweepIds.ToArray());

    public async Task SetActiveAsync(string sweepId, bool active)
    {
        var listed = state.State.ActiveSweepIds.Contains(sweepId);
        if (active && !listed)
        {
            state.State.ActiveSweepIds.Add(sweepId);
            await state.WriteStateAsync();
        }
        else if (!active && listed)
        {
            state.State.ActiveSweepIds.Remove(sweepId);
            await state.WriteStateAsync();
        }

        // Even an unchanged board is news when a sweep got a trial back: idle silos look again.
        version++;
        var signal = changed;
        changed = NewSignal();
        signal.TrySetResult();
    }

    public async Task<WorkBoard> WaitForWorkAsync(long seenVersion, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        // A board that answers at once while its silo stops would have other silos' pullers ask again without pause:
        // they are told to come back (they retry after a second), and the next activation answers them.
        if (host.ApplicationStopping.IsCancellationRequested)
        {
            throw new InvalidOperationException("the work board's silo is stopping; ask again shortly");
        }

        if (seenVersion == version)
        {
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, host.ApplicationStopping);
            try
            {
                await changed.Task.WaitAsync(maxWait, time, ended.Token);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                // Nothing changed in time: the board as it is.
            }
        }

        return new WorkBoard(version, state.State.ActiveSweepIds.ToArray());
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
