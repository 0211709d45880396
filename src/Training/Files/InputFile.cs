using System.Globalization;
using Mono.Unix;

namespace Sweep.Training.Files;

/// <summary>
/// The checks every file a user hands in passes before it is opened: it must be a regular file (or a link to one) of at
/// most a given size. A directory, a device such as <c>/dev/zero</c>, a FIFO or a socket is refused by its kind: opening a
/// FIFO waits for a writer forever, and a device can be read forever. The file's kind comes from <c>stat</c> through
/// Mono.Unix (.NET reports devices and FIFOs as plain files); on Windows, and where Mono.Unix has no native library
/// (linux-musl), only directories are told apart.
/// </summary>
public static class InputFile
{
    /// <summary>The largest sweep file read.</summary>
    public const long MaxSweepFileBytes = 1L << 20;

    /// <summary>The largest data file (CSV, IDX) read.</summary>
    public const long MaxDataFileBytes = 4L << 30;

    /// <summary>
    /// What is wrong with reading <paramref name="path"/> as a file of at most <paramref name="maxBytes"/>; null if nothing,
    /// or if there is no such file (opening it says so, as it always has).
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">Its largest allowed size.</param>
    /// <param name="what">What the file is to the user ("a sweep file", "a data file"), for the message.</param>
    public static string? Problem(string path, long maxBytes, string what)
    {
        long length;
        if (OperatingSystem.IsWindows())
        {
            if (Directory.Exists(path))
            {
                return $"is a directory, not {what}: only regular files are read";
            }

            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return null;
            }

            length = info.Length;
        }
        else
        {
            UnixFileInfo info;
            try
            {
                info = new UnixFileInfo(path);
                if (!info.Exists)
                {
                    return null;
                }
            }
            catch (Exception e) when (e is UnixIOException or UnauthorizedAccessException or InvalidOperationException)
            {
                return $"cannot be read: {e.Message}";
            }
            catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
            {
                // Mono.Unix has no native library for this platform (linux-musl): directories are told apart, as on Windows.
                return Directory.Exists(path) ? $"is a directory, not {what}: only regular files are read" : SizeProblem(path, maxBytes, what);
            }

            var kind = info.FileType switch
            {
                FileTypes.RegularFile => null,
                FileTypes.Directory => "a directory",
                FileTypes.CharacterDevice or FileTypes.BlockDevice => "a device",
                FileTypes.Fifo => "a FIFO (named pipe)",
                FileTypes.Socket => "a socket",
                var other => $"not a regular file ({other})",
            };
            if (kind is not null)
            {
                return $"is {kind}, not {what}: only regular files are read";
            }

            length = info.Length;
        }

        return TooLarge(length, maxBytes, what);
    }

    private static string? SizeProblem(string path, long maxBytes, string what)
    {
        var info = new FileInfo(path);
        return info.Exists ? TooLarge(info.Length, maxBytes, what) : null;
    }

    private static string? TooLarge(long length, long maxBytes, string what)
    {
        return length > maxBytes
            ? string.Create(CultureInfo.InvariantCulture, $"is {length} bytes; {what} may have at most {maxBytes} bytes{Size(maxBytes)}")
            : null;
    }

    /// <summary>Throws <see cref="InvalidDataException"/> naming the file and the problem, if there is one.</summary>
    public static void Check(string path, long maxBytes, string what)
    {
        if (Problem(path, maxBytes, what) is { } problem)
        {
            throw new InvalidDataException($"{path}: {problem}");
        }
    }

    // The limit as people say it: " (1 MiB)".
    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $" ({bytes / (double)(1L << 30):0.#} GiB)"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $" ({bytes / (double)(1L << 20):0.#} MiB)"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $" ({bytes / (double)(1L << 10):0.#} KiB)"),
        _ => "",
    };
}
