using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Sweep.Grains;

/// <summary>
/// Ends the process at once: no exit handlers, no C++ static destructors, no waiting for a host's stop. For a process
/// whose work is done and written (the CLI after its command, <c>ProcessEnd</c>) or that cannot stop the usual way (a
/// silo whose membership table is gone). On Linux and macOS through libc's <c>_exit</c>, with the exit code given;
/// elsewhere the process is killed.
/// </summary>
public static class ImmediateExit
{
    public static void Now(int exitCode)
    {
        // What an exit handler would have removed: a private cache folder where the user's cache cannot be written.
        Data.UserCache.RemoveTemporary();
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            Exit(exitCode);
        }

        Process.GetCurrentProcess().Kill();
    }

    // DllImport, not LibraryImport: an int in, nothing out, needs no marshalling code (and no unsafe code here).
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void Exit(int status);
#pragma warning restore SYSLIB1054
}
