using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Sweep.Training.Fused;

namespace Sweep.Training.Tests.Fused;

/// <summary>
/// Where the managed normal draws are known to equal libtorch's (<see cref="TorchNormal.ReproducesLibtorch"/>), and that
/// the fused engine's initial weights equal the TorchSharp engine's either way: in child processes whose libtorch runs
/// its scalar normal kernel (ATEN_CPU_CAPABILITY=default) or its AVX2 one.
/// </summary>
public sealed class TorchNormalCapabilityTests
{
    private const string NoGlibc = "libtorch's scalar normal draws call the C library's log1p and sincos, reproduced only with glibc's (libm.so.6) on Linux";
    private const string NoAvx2 = "libtorch runs its AVX2 normal kernel only on an x86-64 CPU with AVX2 and FMA";
    private const string Default = "ATEN_CPU_CAPABILITY=default makes libtorch run its scalar normal kernel, not its AVX2 one";

    // This machine's answer with ATEN_CPU_CAPABILITY unset: the children's AVX2 expectations hold only where it is null.
    private static readonly string? HostMismatch = TorchNormal.FindMismatch(
        OperatingSystem.IsLinux(), NativeLibrary.TryLoad("libm.so.6", out _), Avx2.IsSupported, Fma.IsSupported, capability: null);

    public static TheoryData<bool, bool, bool, bool, string?, string?> Decisions() => new()
    {
        { false, false, true, true, null, NoGlibc },
        { true, false, true, true, null, NoGlibc },
        { false, true, true, true, null, NoGlibc },
        { true, true, false, true, null, NoAvx2 },
        { true, true, true, false, null, NoAvx2 },
        { true, true, true, true, "default", Default },
        { true, true, true, true, null, null },
        { true, true, true, true, "avx2", null },
        { true, true, true, true, "avx512", null },
        { true, true, true, true, "DEFAULT", null },
        { true, true, true, true, "", null },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public void FindMismatch_EachInput_NamesWhatLibtorchRunsInstead(bool linux, bool glibcLibm, bool avx2, bool fma, string? capability, string? expected) =>
        Assert.Equal(expected, TorchNormal.FindMismatch(linux, glibcLibm, avx2, fma, capability));

    // "avx512" is AVX-512 for libtorch, whose normal stub has no AVX-512 build and falls back to AVX2; "DEFAULT" is no value
    // libtorch knows (it compares case for case), so it ignores it and asks the CPU.
    [SkippableTheory]
    [InlineData("default", Default, true, false)]
    [InlineData("avx512", "none", false, true)]
    [InlineData("DEFAULT", "none", false, true)]
    public async Task Child_WithCapability_FusedInitialWeightsEqualTorchSharps(string capability, string mismatch, bool throughTorch, bool managedEqual)
    {
        Skip.IfNot(HostMismatch is null, HostMismatch);

        var (exitCode, output, error) = await NormalProbe.RunChildAsync(capability);

        Assert.True(exitCode == 0, error);
        Assert.Equal(
            $"mismatch: {mismatch}\nfused draws through libtorch: {throughTorch}\ninitial weights equal: True\nmanaged randn equals libtorch's: {managedEqual}\n",
            output);
    }
}
