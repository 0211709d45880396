namespace Sweep.Grains.Storage;

/// <summary>
/// A store's files on this machine, created for their owner only: a new store folder is readable by its user alone
/// (mode 0700) and a new SQLite file too (0600; SQLite gives its journal files the database file's mode). Folders
/// and files that exist keep the permissions their user gave them.
/// </summary>
public static class StoreFiles
{
    /// <summary>Creates <paramref name="directory"/> and any missing parent, new ones for their owner only.</summary>
    public static void CreateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            // Directory.CreateDirectory gives the mode to the last folder only: the missing parents are made one by one.
            var missing = new Stack<string>();
            for (var folder = Path.GetFullPath(directory); !Directory.Exists(folder); folder = Path.GetDirectoryName(folder)!)
            {
                missing.Push(folder);
            }

            while (missing.TryPop(out var folder))
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }

    /// <summary>Creates the folder of the SQLite file <paramref name="path"/> and an empty file there (a new database), unless they exist.</summary>
    public static void CreateDatabase(string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { Length: > 0 } directory)
        {
            CreateDirectory(directory);
        }

        if (File.Exists(path) || OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            using var file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process made it first.
        }
    }
}
