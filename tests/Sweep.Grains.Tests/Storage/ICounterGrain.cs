namespace Sweep.Grains.Tests.Storage;

/// <summary>
/// A grain whose only state is a counter persisted through the SQLite grain storage under test.
/// </summary>
[Alias("Sweep.Grains.Tests.Storage.ICounterGrain")]
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Returns the counter as this activation sees it.</summary>
    [Alias("Get")]
    Task<int> Get();

    /// <summary>Adds to the counter, writes the state, and returns the new value.</summary>
    [Alias("Add")]
    Task<int> Add(int amount);

    /// <summary>Clears the persisted state.</summary>
    [Alias("Clear")]
    Task Clear();

    /// <summary>Returns whether the storage reported a stored record for this grain.</summary>
    [Alias("HasRecord")]
    Task<bool> HasRecord();

    /// <summary>Returns the id of the current activation, to tell a fresh activation from the old one.</summary>
    [Alias("GetActivationId")]
    Task<string> GetActivationId();

    /// <summary>Asks the runtime to deactivate this activation once the call returns.</summary>
    [Alias("Deactivate")]
    Task Deactivate();
}
