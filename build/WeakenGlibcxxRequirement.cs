using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// TorchSharp 0.107's libLibTorchSharp.so was linked with GCC 13 and requires the symbol version
/// GLIBCXX_3.4.32, which older libstdc++ builds (Debian 12 stops at 3.4.30) lack. The only symbol
/// bound to that version is never called, so marking the requirement weak (VER_FLG_WEAK) lets the
/// loader accept the library. The task edits copies in build and publish outputs, never the NuGet
/// cache, and does nothing when the host's libstdc++ already provides the version.
/// </summary>
public sealed class WeakenGlibcxxRequirement : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    [Required]
    public string Version { get; set; } = "";

    public override bool Execute()
    {
        if (Files.Length == 0 || HostProvides(Version))
        {
            return true;
        }

        foreach (var item in Files)
        {
            var path = item.GetMetadata("FullPath");
            try
            {
                if (Weaken(path, Version))
                {
                    Log.LogMessage(MessageImportance.High, $"Marked {Version} weak in {path} (host libstdc++ lacks it).");
                }
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Log.LogError($"Could not patch {path}: {e.Message}");
            }
        }

        return !Log.HasLoggedErrors;
    }

    private static bool HostProvides(string version)
    {
        string[] candidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6",
            "/usr/lib/libstdc++.so.6",
        };
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return IndexOf(File.ReadAllBytes(candidate), needle) >= 0;
            }
        }

        // No libstdc++ found where Linux distributions keep it: leave the library untouched.
        return true;
    }

    private static bool Weaken(string path, string version)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
        {
            throw new InvalidDataException("not an ELF file");
        }

        if (bytes[4] != 2 || bytes[5] != 1)
        {
            throw new InvalidDataException("only 64-bit little-endian ELF files are supported");
        }

        var sectionHeaders = (long)BitConverter.ToUInt64(bytes, 0x28);
        var sectionHeaderSize = BitConverter.ToUInt16(bytes, 0x3A);
        var sectionCount = BitConverter.ToUInt16(bytes, 0x3C);
        var changed = false;
        for (var s = 0; s < sectionCount; s++)
        {
            var header = (int)(sectionHeaders + (s * sectionHeaderSize));
            if (BitConverter.ToUInt32(bytes, header + 4) != ShtGnuVerneed)
            {
                continue;
            }

            var offset = (int)BitConverter.ToUInt64(bytes, header + 0x18);
            var link = BitConverter.ToUInt32(bytes, header + 0x28);
            var count = BitConverter.ToUInt32(bytes, header + 0x2C);
            var stringsHeader = (int)(sectionHeaders + (link * sectionHeaderSize));
            var strings = (int)BitConverter.ToUInt64(bytes, stringsHeader + 0x18);

            var need = offset;
            for (var n = 0; n < count; n++)
            {
                var auxCount = BitConverter.ToUInt16(bytes, need + 2);
                var aux = need + (int)BitConverter.ToUInt32(bytes, need + 8);
                for (var a = 0; a < auxCount; a++)
                {
                    var name = ReadString(bytes, strings + (int)BitConverter.ToUInt32(bytes, aux + 8));
                    var flags = BitConverter.ToUInt16(bytes, aux + 4);
                    if (name == version && (flags & VerFlgWeak) == 0)
                    {
                        BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(bytes, aux + 4);
                        changed = true;
                    }

                    aux += (int)BitConverter.ToUInt32(bytes, aux + 12);
                }

                need += (int)BitConverter.ToUInt32(bytes, need + 12);
            }
        }

        if (changed)
        {
            // Write a new file rather than in place, so a hard link into the package cache is never edited.
            var temporary = path + ".weak";
            File.WriteAllBytes(temporary, bytes);
            File.Delete(path);
            File.Move(temporary, path);
        }

        return changed;
    }

    private static string ReadString(byte[] bytes, int start)
    {
        var end = start;
        while (bytes[end] != 0)
        {
            end++;
        }

        return Encoding.ASCII.GetString(bytes, start, end - start);
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            var j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j])
            {
                j++;
            }

            if (j == needle.Length)
            {
                return i;
            }
        }

        return -1;
    }
}
