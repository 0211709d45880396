using System.Diagnostics;
using Sweep.Training.Fused;
using Sweep.Training.Sweeps;
using Sweep.Training.Torch;

namespace Sweep.Training.Tests.Fused;

/// <summary>
/// What a process says of its normal draws: whether <see cref="TorchNormal"/> reproduces libtorch, whether the fused engine
/// draws its initial weights through libtorch, whether those equal the TorchSharp engine's, and whether a managed
/// <c>randn</c> equals libtorch's. Run in a child process, so that libtorch reads the child's ATEN_CPU_CAPABILITY.
/// </summary>
internal static class NormalProbe
{
    public const string Command = "normal-probe";

    private const int Seed = 3;

    // Normal initializers only, with counts on both of TorchNormal's paths (blocks of 16, and the truncated redraws one
    // by one).
    private const string Sweep = """
        name: normal-probe
        trial:
          dataset: {kind: circles, samples: 100, noise: 0.1, random_state: 1, train_rows: 30}
          layers:
            - {type: dense, units: 64, activation: relu, kernel_initializer: he_normal, bias_initializer: random_normal}
            - {type: dense, units: 1, activation: sigmoid, kernel_initializer: truncated_normal}
          optimizer: {name: adam, learning_rate: 0.01}
          epochs: 1
          batch_size: 8
        """;

    public static void Run(TextWriter output)
    {
        var spec = SweepPlan.Expand(SweepFile.Parse(Sweep, "normal-probe.yaml")).Configurations.Single().Spec;
        using var torch = new TorchEngine(spec, Seed);
        using var fused = new FusedEngine(spec, Seed);
        using var generator = new TorchSharp.torch.Generator(Seed);
        using var randn = TorchSharp.torch.randn([100], generator: generator);
        var managed = TorchNormal.Draw(100, TorchUniform.Seeded(Seed));

        output.WriteLine($"mismatch: {TorchNormal.Mismatch ?? "none"}");
        output.WriteLine($"fused draws through libtorch: {FusedInitialWeights.DrawsThroughTorch(spec.Layers)}");
        output.WriteLine($"initial weights equal: {Same(torch.Weights(), fused.Parameters)}");
        output.WriteLine($"managed randn equals libtorch's: {Same(randn.data<float>().ToArray(), managed)}");
    }

    /// <summary>Runs the probe in a child process with ATEN_CPU_CAPABILITY set to <paramref name="capability"/>.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunChildAsync(string capability)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(NormalProbe).Assembly.Location);
        start.ArgumentList.Add(Command);
        start.Environment[TorchNormal.CapabilityVariable] = capability;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static bool Same(float[] a, float[] b) =>
        a.Length == b.Length && a.Zip(b).All(pair => BitConverter.SingleToInt32Bits(pair.First) == BitConverter.SingleToInt32Bits(pair.Second));
}
