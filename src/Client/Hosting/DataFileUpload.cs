using Sweep.Grains.Contracts;
using Sweep.Training.Datasets;
using Sweep.Training.Specs;
using Sweep.Training.Sweeps;

namespace Sweep.Client.Hosting;

/// <summary>
/// Sends the CSV files a sweep names with it, so that the silos train on the bytes this machine read whatever
/// files their own hosts have. Each file goes once: one already stored under its SHA-256 (by an earlier sweep)
/// is not sent again.
/// </summary>
internal static class DataFileUpload
{
    /// <summary>The distinct CSV files the configurations of a plan read, each checked to be small enough to send.</summary>
    /// <exception cref="ArgumentException">A file is too large to send.</exception>
    public static IReadOnlyList<DataFileRef> Named(SweepPlan plan)
    {
        var files = plan.Configurations
            .Select(c => c.Spec.Dataset)
            .Where(d => d is { Kind: DatasetKind.Csv, Path: not null, Sha256: not null })
            .Select(d => new DataFileRef(d.Path!, d.Sha256!))
            .Distinct()
            .ToArray();
        foreach (var file in files)
        {
            var length = new FileInfo(file.Path).Length;
            if (length > IDataFileGrain.MaxBytes)
            {
                throw new ArgumentException(
                    $"{file.Path} is {Size(length)}; a CSV file sent with a sweep may be at most {Size(IDataFileGrain.MaxBytes)}. " +
                    "Put it at the same path on every silo host and submit with --data path");
            }
        }

        return files;
    }

    /// <summary>Stores each file in the cluster, unless it is there already.</summary>
    /// <exception cref="ArgumentException">A file changed after the sweep file was read.</exception>
    public static async Task SendAsync(IReadOnlyList<DataFileRef> files, IGrainFactory grains, TextWriter progress)
    {
        foreach (var file in files)
        {
            var grain = grains.GetGrain<IDataFileGrain>(file.Sha256);
            if (await grain.HasAsync())
            {
                continue;
            }

            var content = Read(file);
            await grain.StoreAsync(content);
            await progress.WriteLineAsync($"sent {file.Path} ({Size(content.Length)}) with the sweep");
        }
    }

    private static byte[] Read(DataFileRef file)
    {
        var content = File.ReadAllBytes(file.Path);
        var sha256 = DataFiles.HashOf(content);
        return sha256 == file.Sha256
            ? content
            : throw new ArgumentException($"{file.Path} changed while the sweep was being submitted (its SHA-256 is now {sha256}, not {file.Sha256}); submit again");
    }

    private static string Size(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024):0.#} MiB" : $"{bytes / 1024.0:0.#} KiB";
}
