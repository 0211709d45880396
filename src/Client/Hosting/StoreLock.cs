using System.Globalization;

namespace Sweep.Client.Hosting;

/// <summary>
/// An exclusive lock on a store, held by the one process that may change it (a <c>sweep run</c>, a
/// <c>sweep cancel</c>); two writers would overwrite each other's state. The lock is the operating
/// system's on <c>run.lock</c>, released even if the process is killed; <c>run.pid</c> names the holder.
/// </summary>
internal sealed class StoreLock : IDisposable
{
    private const string FileName = "run.lock";
    private const string HolderFile = "run.pid";

    private readonly FileStream file;

    private StoreLock(FileStream file) => this.file = file;

    /// <exception cref="ArgumentException">Another process holds the store.</exception>
    public static StoreLock Take(StoreLocation store)
    {
        var path = Path.Combine(store.Directory, FileName);
        try
        {
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            File.WriteAllText(Path.Combine(store.Directory, HolderFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            return new StoreLock(file);
        }
        catch (IOException)
        {
            throw new ArgumentException(
                $"the store {store.Directory} is in use by another sweep process ({Holder(store)}); wait for it to end, stop it with Ctrl+C, or pass another --store");
        }
    }

    public void Dispose() => file.Dispose();

    private static string Holder(StoreLocation store)
    {
        try
        {
            return $"pid {File.ReadAllText(Path.Combine(store.Directory, HolderFile)).Trim()}";
        }
        catch (IOException)
        {
            return "pid unknown";
        }
    }
}
