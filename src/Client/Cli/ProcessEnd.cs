using System.Runtime;

namespace Sweep.Client.Cli;

/// <summary>
/// How the process ends once its command has returned. After its last line, a process that ends as usual writes its
/// start-up profile whether or not it is due (one system call per field, about 45 ms for <c>run</c>), and one that loaded
/// libtorch runs libtorch's C++ static destructors, which deregister its thousands of operator kernels one by one (about
/// 80 ms of CPU, seen in a CPU profile of <c>sweep run</c>): the user waits for the prompt while nothing of theirs is
/// done. So the process ends with <c>_exit</c>, which runs neither, once everything it owes is out: the command has
/// stopped and disposed its host (stores closed, logs and telemetry flushed), the start-up profile is written where it is
/// due (<see cref="StartupProfile"/>), and standard output and error are flushed (<see cref="Grains.ImmediateExit"/> removes
/// what exit handlers would have). On other systems than Linux and macOS
/// the process ends as usual.
/// </summary>
internal static class ProcessEnd
{
    public static int Exit(int exitCode)
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()))
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
