using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Sweep.Grains.Contracts;
using Sweep.Training.Datasets;
using Sweep.Training.Specs;

namespace Sweep.Grains.Data;

/// <summary>
/// A silo's local copies of the data files sent with sweeps, one file per SHA-256 in the user's cache
/// (<c>~/.cache/sweep/data</c>, readable by its user only: <see cref="UserCache"/>; copies stay until it is removed). A copy is
/// fetched from its <see cref="IDataFileGrain"/> the first time a sweep or trial on this silo needs
/// it, checked against its hash, and written atomically, so silo processes sharing the folder never read half a file.
/// A file that was never sent (a sweep run on one machine) is read at its path. Clients use it too, to draw a
/// sweep's data from the bytes it trained on.
/// </summary>
public sealed partial class DataFileCache(IGrainFactory grains, ILogger<DataFileCache> logger)
{
    // One folder per user, readable by that user only: data is not shared across users of a host.
    private readonly Lazy<string> folder = new(() => UserCache.Private("data"));

    // Copies this process has checked or written, by SHA-256.
    private readonly ConcurrentDictionary<string, Lazy<Task<string?>>> copies = new(StringComparer.Ordinal);

    /// <summary>Where a sweep's files are read: the copies of those its request names that were sent.</summary>
    /// <exception cref="InvalidOperationException">A file the request names was never stored.</exception>
    public async Task<DataFiles> ForSweepAsync(IReadOnlyList<DataFileRef>? sent)
    {
        var files = new DataFiles();
        foreach (var file in sent ?? [])
        {
            var copy = await CopyAsync(file.Sha256)
                ?? throw new InvalidOperationException($"{file.Path} was not sent with the sweep (no stored content has the SHA-256 {file.Sha256})");
            files.WithCopy(file.Path, file.Sha256, copy);
        }

        return files;
    }

    /// <summary>Where a trial's file is read: the copy sent with its sweep if there is one, else its path.</summary>
    /// <param name="trial">The trial's parsed configuration, which names its file.</param>
    public async Task<DataFiles> ForTrialAsync(TrialSpecDocument trial)
    {
        var files = new DataFiles();
        if (trial.DataFile is (var path, var sha256) && await CopyAsync(sha256) is { } copy)
        {
            files.WithCopy(path, sha256, copy);
        }

        return files;
    }

    private async Task<string?> CopyAsync(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException($"'{sha256}' is not a SHA-256 in lowercase hex", nameof(sha256));
        }

        var lazy = copies.GetOrAdd(sha256, key => new Lazy<Task<string?>>(() => FetchAsync(key)));
        try
        {
            var copy = await lazy.Value;
            if (copy is null || !File.Exists(copy))
            {
                // Not sent (yet), or removed from the temporary directory since: ask again next time.
                copies.TryRemove(KeyValuePair.Create(sha256, lazy));
                return copy is null ? null : await FetchAsync(sha256);
            }

            return copy;
        }
        catch
        {
            copies.TryRemove(KeyValuePair.Create(sha256, lazy));
            throw;
        }
    }

    private async Task<string?> FetchAsync(string sha256)
    {
        var copy = Path.Combine(folder.Value, $"{sha256}.csv");
        if (File.Exists(copy) && DataFiles.HashOfFile(copy) == sha256)
        {
            return copy;
        }

        var content = await grains.GetGrain<IDataFileGrain>(sha256).ReadAsync();
        if (content is null)
        {
            return null;
        }

        var actual = DataFiles.HashOf(content);
        if (actual != sha256)
        {
            throw new InvalidDataException($"the stored data file {sha256} has the SHA-256 {actual}");
        }

        var partial = Path.Combine(folder.Value, $"{sha256}.{Guid.NewGuid():N}.partial");
        try
        {
            await File.WriteAllBytesAsync(partial, content);
            File.Move(partial, copy, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }

        LogCopied(logger, sha256, content.Length, copy);
        return copy;
    }


    [LoggerMessage(Level = LogLevel.Information, Message = "Copied data file {Sha256} ({Bytes} bytes) to {Path}")]
    private static partial void LogCopied(ILogger logger, string sha256, int bytes, string path);
}
