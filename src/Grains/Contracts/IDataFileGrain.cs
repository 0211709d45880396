using Orleans.Concurrency;

namespace Sweep.Grains.Contracts;

/// <summary>
/// The content of a data file sent with a sweep, keyed by its SHA-256 in lowercase hex. Silos read a sweep's CSV
/// files from here, so they need not share the file system of the machine that submitted it.
/// </summary>
public interface IDataFileGrain : IGrainWithStringKey
{
    /// <summary>The most a file sent with a sweep may hold: one Orleans message must carry it (at most 100 MB by default).</summary>
    public const int MaxBytes = 64 * 1024 * 1024;

    /// <summary>Stores the content, which must hash to the key; storing it again changes nothing.</summary>
    /// <exception cref="ArgumentException">The content does not hash to the key, or is larger than <see cref="MaxBytes"/>.</exception>
    Task StoreAsync(byte[] content);

    /// <summary>Whether the content is stored.</summary>
    [ReadOnly]
    Task<bool> HasAsync();

    /// <summary>The content, or null if it was never sent.</summary>
    [ReadOnly]
    Task<byte[]?> ReadAsync();
}
