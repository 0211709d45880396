namespace Sweep.Grains.Tests.Storage;

/// <summary>
/// Keeps a counter in the <see cref="StorageName"/> provider, writing on every change.
/// </summary>
internal sealed class CounterGrain(
    [PersistentState(CounterGrain.StateName, CounterGrain.StorageName)] IPersistentState<CounterGrain.CounterState> counter)
    : Grain, ICounterGrain
{
    public const string StateName = "counter";
    public const string StorageName = "test-sqlite";

    public Task<int> Get() => Task.FromResult(counter.State.Value);

    public async Task<int> Add(int amount)
    {
        counter.State.Value += amount;
        await counter.WriteStateAsync();
        return counter.State.Value;
    }

    public Task Clear() => counter.ClearStateAsync();

    public Task<bool> HasRecord() => Task.FromResult(counter.RecordExists);

    public Task<string> GetActivationId() => Task.FromResult(GrainContext.ActivationId.ToString());

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    /// <summary>The persisted state: a class, so it goes through Orleans' generated codec.</summary>
    [GenerateSerializer]
    [Alias("Sweep.Grains.Tests.Storage.CounterGrain.CounterState")]
    public sealed class CounterState
    {
        [Id(0)]
        public int Value { get; set; }
    }
}
