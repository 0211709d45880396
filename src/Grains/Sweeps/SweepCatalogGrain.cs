using Sweep.Grains.Contracts;

namespace Sweep.Grains.Sweeps;

/// <summary>Remembers every sweep started on this store, so that <c>sweep list</c> can find them.</summary>
internal sealed class SweepCatalogGrain(
    [PersistentState("catalog", StorageNames.Sweeps)] IPersistentState<SweepCatalogGrainState> state) : Grain, ISweepCatalogGrain
{
    public async Task AddAsync(string sweepId)
    {
        if (!state.State.SweepIds.Contains(sweepId))
        {
            state.State.SweepIds.Add(sweepId);
            await state.WriteStateAsync();
        }
    }

    public Task<string[]> ListAsync() => Task.FromResult(state.State.SweepIds.ToArray());
}
