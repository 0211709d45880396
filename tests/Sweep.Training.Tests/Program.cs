using Sweep.Training.Tests.Fused;

namespace Sweep.Training.Tests;

/// <summary>
/// The test assembly's entry point, in place of the one the test SDK would generate. Test runners load the assembly and
/// never call it; a test that needs libtorch started in another environment (libtorch reads ATEN_CPU_CAPABILITY once per
/// process) runs the assembly as a child: <c>dotnet Sweep.Training.Tests.dll normal-probe</c>.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args is [NormalProbe.Command])
        {
            NormalProbe.Run(Console.Out);
            return 0;
        }

        Console.Error.WriteLine($"usage: Sweep.Training.Tests {NormalProbe.Command}");
        return 2;
    }
}
