using System.Runtime;
using Sweep.Training.Engine;

namespace Sweep.Client.Cli;

/// <summary>
/// How the process ends once its command has returned. A process that loaded libtorch spends about 80 ms of CPU after
/// its last line in libtorch's C++ static destructors, which deregister its thousands of operator kernels one by one
/// (seen in a CPU profile of <c>sweep run</c>): the user waits for the prompt while nothing of theirs is done. Such a
/// process ends with <c>_exit</c> instead, which runs no destructors, once everything it owes is out: the command has
/// stopped and disposed its host (stores closed, logs and telemetry flushed), the start-up profile is written where it is
/// due (<see cref="StartupProfile"/>), and standard output and error are flushed. Other processes, and other systems than Linux and macOS, end as usual.
/// </summary>
internal static class ProcessEnd
{
    public static int Exit(int exitCode)
    {
        if (!TorchRuntime.Started || !(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()))
        {
            return exitCode;
        }

        // Writes the start-up profile now, as the runtime would at shutdown; one that is not due is left as it is.
        if (StartupProfile.Due)
        {
            ProfileOptimization.StartProfile(null);
        }

        Console.Out.Flush();
        Console.Error.Flush();
        Grains.ImmediateExit.Now(exitCode);
        return exitCode;
    }
}
