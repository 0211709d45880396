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
    public const string HolderFile = "run.pid";

    private readonly FileStream file;

    private StoreLock(FileStream file) => this.file = file;

    // A reader asking whether the store is held (IsHeld) holds a shared lock for a moment; a writer that meets it tries again.
    private static readonly TimeSpan ProbePause = TimeSpan.FromMilliseconds(20);
    private const int Tries = 10;

    /// <summary>
    /// Takes the store, writing this process's id and the sweeps it runs (<paramref name="sweeps"/>, none for a change
    /// such as a cancel) into <see cref="HolderFile"/>, a line each.
    /// </summary>
    /// <exception cref="ArgumentException">Another process holds the store.</exception>
    public static StoreLock Take(StoreLocation store, IReadOnlyCollection<string> sweeps)
    {
        var path = Path.Combine(store.Directory, FileName);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                try
                {
                    File.WriteAllLines(Path.Combine(store.Directory, HolderFile), [Environment.ProcessId.ToString(CultureInfo.InvariantCulture), .. sweeps]);
                }
                catch
                {
                    file.Dispose();
                    throw;
                }

                return new StoreLock(file);
            }
            catch (IOException e) when (IsLockedByAnother(e) && attempt < Tries)
            {
                Thread.Sleep(ProbePause);
            }
            catch (IOException e) when (IsLockedByAnother(e))
            {
                throw new ArgumentException(
                    $"the store {store.Directory} is in use by another sweep process ({Holder(store)}); wait for it to end, stop it with Ctrl+C, or pass another --store");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A read-only file system, no permission, a full disk: not another process.
                throw new IOException($"the store {store.Directory} cannot be written: {e.Message.TrimEnd('.')}", e);
            }
        }
    }

    /// <summary>
    /// Whether a process holds the store now (a <c>sweep run</c> training, a <c>sweep cancel</c>). The operating system
    /// releases the lock of a process that was killed, so a store whose runner died is not held.
    /// </summary>
    public static bool IsHeld(StoreLocation store)
    {
        var path = Path.Combine(store.Directory, FileName);
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            // A shared lock, which an exclusive holder refuses.
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    public void Dispose() => file.Dispose();

    /// <summary>
    /// Whether <paramref name="exception"/> is the operating system refusing a lock that another process holds (on Unix,
    /// flock's EWOULDBLOCK, which .NET reports as the error number; on Windows, a sharing or lock violation), not a
    /// fault of the file system.
    /// </summary>
    private static bool IsLockedByAnother(IOException exception) => exception.HResult switch
    {
        11 when OperatingSystem.IsLinux() => true,
        35 when OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() => true,
        unchecked((int)0x80070020) or unchecked((int)0x80070021) when OperatingSystem.IsWindows() => true,
        _ => false,
    };

    /// <summary>
    /// What <see cref="HolderFile"/> says of the process that holds (or last held) the store: its id, null where the file
    /// is missing or does not give one, and the sweeps it runs.
    /// </summary>
    public static (int? Pid, string[] Sweeps) ReadHolder(StoreLocation store)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(Path.Combine(store.Directory, HolderFile));
        }
        catch (IOException)
        {
            return (null, []);
        }

        var pid = lines.Length > 0 && int.TryParse(lines[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (int?)null;
        return (pid, [.. lines.Skip(1).Select(line => line.Trim()).Where(line => line.Length > 0)]);
    }

    /// <summary>"pid 123, running sweep demo-1a2b3c4d", "pid 123" or "pid unknown".</summary>
    public static string Holder(StoreLocation store)
    {
        var (pid, sweeps) = ReadHolder(store);
        return (pid is null ? "pid unknown" : $"pid {pid}") + (sweeps.Length == 0 ? "" : $", running sweep {string.Join(", ", sweeps)}");
    }
}
