using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sweep.Training.Fused;

/// <summary>
/// libtorch's CPU <c>torch.randn</c> for float32 (libtorch 2.10, <c>normal_kernel</c> in
/// <c>aten/src/ATen/native/cpu/DistributionTemplates.h</c>), in managed code, drawing from a <see cref="TorchUniform"/>
/// where the <c>torch.Generator</c> would be: the same values bit for bit, and the generator left in the same state.
/// <list type="bullet">
/// <item>16 values or more: every value is first drawn as a float32 uniform; then each block of 16 is turned into normals
/// by Box-Muller on 8 lanes at once (u1 from the first 8, u2 from the last 8: the first 8 take r cos, the last 8 r sin),
/// and when the count is not a multiple of 16, the last 16 values are drawn again as uniforms and transformed again.
/// libtorch never dispatches this kernel to AVX-512, so an AVX2 CPU and an AVX-512 CPU both run its AVX2 build:
/// <c>log256_ps</c> and <c>sincos256_ps</c> of <c>avx_mathfun.h</c> (Cephes polynomials), compiled by GCC with its
/// multiplies and adds contracted into fused multiply-adds. <see cref="Transform"/> repeats that compiled code operation
/// for operation (read from <c>libtorch_cpu.so</c>'s machine code): each FMA below is one there, each plain multiply or
/// add one there, so every rounding is the same.</item>
/// <item>Fewer than 16 values: one <c>at::normal_distribution&lt;double&gt;</c> draw per value: two 53-bit doubles,
/// r = sqrt(-2 log1p(-u2)), θ = 2π u1, the value r cos θ, and r sin θ kept in the generator for the next such draw
/// (<see cref="TorchUniform.NextNormalSample"/>). libtorch calls the C library's <c>log1p</c> and <c>sincos</c>; so does
/// this, through the same library, so the doubles agree.</item>
/// </list>
/// These values are the same on every CPU (<see cref="Vector256"/> emulates exactly what the hardware lacks); libtorch's
/// own are these only where it runs its AVX2 build and the C library is glibc's: see <see cref="ReproducesLibtorch"/>.
/// </summary>
internal static partial class TorchNormal
{
    /// <summary>The count from which libtorch fills a contiguous float tensor by blocks of 16.</summary>
    public const int BlockSize = 16;

    private const int Lanes = 8;

    private static readonly Vector256<float> One = Vector256.Create(1f);
    private static readonly Vector256<float> Half = Vector256.Create(0.5f);
    private static readonly Vector256<float> MinusTwo = Vector256.Create(-2f);

    // 2π as libtorch writes it: _mm256_set1_ps(2.0f * c10::pi<double>), the double product rounded to float.
    private static readonly Vector256<float> TwoPi = Vector256.Create((float)(2.0 * Math.PI));

    // avx_mathfun.h's constants: double literals stored in float arrays, so each is the double rounded to float.
    private static readonly Vector256<float> MinNormPos = Vector256.Create(0x00800000).AsSingle();
    private static readonly Vector256<float> InvMantMask = Vector256.Create(~0x7f800000).AsSingle();
    private static readonly Vector256<float> SignMask = Vector256.Create(unchecked((int)0x80000000)).AsSingle();
    private static readonly Vector256<float> InvSignMask = Vector256.Create(~unchecked((int)0x80000000)).AsSingle();
    private static readonly Vector256<float> SqrtHf = Vector256.Create((float)0.707106781186547524);
    private static readonly Vector256<float> LogP0 = Vector256.Create((float)7.0376836292E-2);
    private static readonly Vector256<float> LogP1 = Vector256.Create((float)-1.1514610310E-1);
    private static readonly Vector256<float> LogP2 = Vector256.Create((float)1.1676998740E-1);
    private static readonly Vector256<float> LogP3 = Vector256.Create((float)-1.2420140846E-1);
    private static readonly Vector256<float> LogP4 = Vector256.Create((float)1.4249322787E-1);
    private static readonly Vector256<float> LogP5 = Vector256.Create((float)-1.6668057665E-1);
    private static readonly Vector256<float> LogP6 = Vector256.Create((float)2.0000714765E-1);
    private static readonly Vector256<float> LogP7 = Vector256.Create((float)-2.4999993993E-1);
    private static readonly Vector256<float> LogP8 = Vector256.Create((float)3.3333331174E-1);
    private static readonly Vector256<float> LogQ1 = Vector256.Create((float)-2.12194440e-4);
    private static readonly Vector256<float> LogQ2 = Vector256.Create((float)0.693359375);
    private static readonly Vector256<float> MinusDp1 = Vector256.Create((float)-0.78515625);
    private static readonly Vector256<float> MinusDp2 = Vector256.Create((float)-2.4187564849853515625e-4);
    private static readonly Vector256<float> MinusDp3 = Vector256.Create((float)-3.77489497744594108e-8);
    private static readonly Vector256<float> SinP0 = Vector256.Create((float)-1.9515295891E-4);
    private static readonly Vector256<float> SinP1 = Vector256.Create((float)8.3321608736E-3);
    private static readonly Vector256<float> SinP2 = Vector256.Create((float)-1.6666654611E-1);
    private static readonly Vector256<float> CosP0 = Vector256.Create((float)2.443315711809948E-005);
    private static readonly Vector256<float> CosP1 = Vector256.Create((float)-1.388731625493765E-003);
    private static readonly Vector256<float> CosP2 = Vector256.Create((float)4.166664568298827E-002);
    private static readonly Vector256<float> FourOverPi = Vector256.Create((float)1.27323954473516);

    /// <summary>The environment variable by which libtorch's CPU dispatch is told which of its builds to run.</summary>
    public const string CapabilityVariable = "ATEN_CPU_CAPABILITY";

    /// <summary>The C library whose <c>log1p</c> and <c>sincos</c> libtorch's scalar path calls on Linux (glibc's).</summary>
    private const string Libm = "libm.so.6";

    /// <summary>
    /// Why this process's managed draws may differ from libtorch's, or null where they are known to equal them; read once.
    /// </summary>
    public static string? Mismatch { get; } = FindMismatch(
        OperatingSystem.IsLinux(),
        LibmLoads(),
        Avx2.IsSupported,
        Fma.IsSupported,
        Environment.GetEnvironmentVariable(CapabilityVariable));

    /// <summary>
    /// Whether <see cref="Draw"/> draws here, bit for bit, what libtorch's <c>torch.randn</c> draws; where it does not, the
    /// normal initializers draw through libtorch (<see cref="Initializers.IInitializer.DrawsWithoutTorch"/>).
    /// </summary>
    public static bool ReproducesLibtorch => Mismatch is null;

    /// <summary>
    /// The decision behind <see cref="Mismatch"/>, from its inputs. libtorch (<c>DispatchStub.cpp</c>) runs its AVX2 normal
    /// kernel when ATEN_CPU_CAPABILITY is <c>avx2</c>, or <c>avx512</c> (its normal stub has no AVX-512 build, so the AVX-512
    /// capability falls back to AVX2), or unset or unrecognised (it ignores any other value, case included, and asks the
    /// CPU: AVX2 and FMA, or AVX-512, which falls back alike); <c>default</c> runs its scalar build (float std::log, cos,
    /// sin), whose values these are not.
    /// </summary>
    /// <param name="linux">Whether the process runs on Linux.</param>
    /// <param name="glibcLibm">Whether libm.so.6 loads (glibc; macOS, Windows and musl have none).</param>
    /// <param name="avx2">Whether the CPU has AVX2.</param>
    /// <param name="fma">Whether the CPU has FMA3.</param>
    /// <param name="capability">ATEN_CPU_CAPABILITY, null when unset.</param>
    public static string? FindMismatch(bool linux, bool glibcLibm, bool avx2, bool fma, string? capability)
    {
        if (!linux || !glibcLibm)
        {
            return $"libtorch's scalar normal draws call the C library's log1p and sincos, reproduced only with glibc's ({Libm}) on Linux";
        }

        if (!avx2 || !fma)
        {
            return "libtorch runs its AVX2 normal kernel only on an x86-64 CPU with AVX2 and FMA";
        }

        return capability == "default"
            ? $"{CapabilityVariable}=default makes libtorch run its scalar normal kernel, not its AVX2 one"
            : null;
    }

    private static bool LibmLoads()
    {
        if (!NativeLibrary.TryLoad(Libm, out var handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    }

    /// <summary><c>torch.randn([count], generator: g)</c>: <paramref name="count"/> standard normal float32 values.</summary>
    public static float[] Draw(long count, TorchUniform uniform)
    {
        ArgumentNullException.ThrowIfNull(uniform);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var values = new float[count];
        Fill(values, uniform);
        return values;
    }

    /// <summary>Fills <paramref name="values"/> as libtorch's <c>normal_(0, 1)</c> fills a contiguous float32 tensor.</summary>
    public static void Fill(Span<float> values, TorchUniform uniform)
    {
        ArgumentNullException.ThrowIfNull(uniform);
        if (values.Length < BlockSize)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (float)NextDoubleNormal(uniform);
            }

            return;
        }

        uniform.Fill(values);
        for (var i = 0; i + BlockSize <= values.Length; i += BlockSize)
        {
            Transform(values.Slice(i, BlockSize));
        }

        if (values.Length % BlockSize != 0)
        {
            var last = values[^BlockSize..];
            uniform.Fill(last);
            Transform(last);
        }
    }

    /// <summary>
    /// One <c>at::normal_distribution&lt;double&gt;(0, 1)</c> draw: the sample the generator kept, if it kept one, or a new
    /// pair of which the sine half is kept. The final fma(n, std = 1, mean = 0) is libtorch's too; it turns -0 into +0.
    /// </summary>
    public static double NextDoubleNormal(TorchUniform uniform)
    {
        ArgumentNullException.ThrowIfNull(uniform);
        if (uniform.NextNormalSample is { } kept)
        {
            uniform.NextNormalSample = null;
            return Math.FusedMultiplyAdd(kept, 1.0, 0.0);
        }

        var u1 = uniform.NextDouble();
        var u2 = uniform.NextDouble();
        var r = Math.Sqrt(-2.0 * Log1p(-u2));
        var theta = 2.0 * Math.PI * u1;
        SinCos(theta, out var sin, out var cos);
        uniform.NextNormalSample = r * sin;
        return Math.FusedMultiplyAdd(r * cos, 1.0, 0.0);
    }

    // normal_fill_16_AVX2 as compiled into libtorch 2.10: the block's uniforms become 16 normals in place.
    private static void Transform(Span<float> block)
    {
        var u1 = One - Vector256.Create<float>(block[..Lanes]);
        var theta = Vector256.Create<float>(block[Lanes..]) * TwoPi;
        var radius = Vector256.Sqrt(Log(u1) * MinusTwo);
        var (sin, cos) = SinCos(theta);
        Vector256.FusedMultiplyAdd(radius * cos, One, Vector256<float>.Zero).CopyTo(block[..Lanes]);
        Vector256.FusedMultiplyAdd(radius * sin, One, Vector256<float>.Zero).CopyTo(block[Lanes..]);
    }

    // log256_ps: x = m 2^e with m in [sqrt(1/2), sqrt(2)), log x = e ln 2 + a Cephes polynomial in m - 1.
    private static Vector256<float> Log(Vector256<float> x)
    {
        var invalid = Vector256.LessThanOrEqual(x, Vector256<float>.Zero);
        x = Vector256.MaxNative(x, MinNormPos);
        var exponent = Vector256.ShiftRightLogical(x.AsInt32(), 23) - Vector256.Create(0x7f);
        x = (x & InvMantMask) | Half;
        var e = Vector256.ConvertToSingle(exponent) + One;
        var mask = Vector256.LessThan(x, SqrtHf);
        var tmp = x & mask;
        x -= One;
        e -= One & mask;
        var eq1 = e * LogQ1;
        x += tmp;
        var y = Vector256.FusedMultiplyAdd(LogP0, x, LogP1);
        y = Vector256.FusedMultiplyAdd(y, x, LogP2);
        y = Vector256.FusedMultiplyAdd(y, x, LogP3);
        y = Vector256.FusedMultiplyAdd(y, x, LogP4);
        y = Vector256.FusedMultiplyAdd(y, x, LogP5);
        y = Vector256.FusedMultiplyAdd(y, x, LogP6);
        y = Vector256.FusedMultiplyAdd(y, x, LogP7);
        y = Vector256.FusedMultiplyAdd(y, x, LogP8);
        var z = x * x;
        y = x * y;
        y = Vector256.FusedMultiplyAdd(y, z, eq1);
        y = Vector256.FusedMultiplyAdd(-Half, z, y);
        x += y;
        x = Vector256.FusedMultiplyAdd(e, LogQ2, x);
        return x | invalid;
    }

    // sincos256_ps: reduce |x| by a multiple j of π/4 (Cody-Waite, three parts), evaluate the sine and the cosine
    // polynomials, and pick and sign them by j.
    private static (Vector256<float> Sin, Vector256<float> Cos) SinCos(Vector256<float> x)
    {
        var signSin = x & SignMask;
        x &= InvSignMask;
        var j = Vector256.ConvertToInt32Native(x * FourOverPi);
        j = (j + Vector256<int>.One) & Vector256.Create(~1);
        var y = Vector256.ConvertToSingle(j);
        var four = Vector256.Create(4);
        var two = Vector256.Create(2);
        signSin ^= Vector256.ShiftLeft(j & four, 29).AsSingle();
        var polyMask = Vector256.Equals(j & two, Vector256<int>.Zero).AsSingle();
        var signCos = Vector256.ShiftLeft(Vector256.AndNot(four, j - two), 29).AsSingle();
        x = Vector256.FusedMultiplyAdd(y, MinusDp1, x);
        x = Vector256.FusedMultiplyAdd(y, MinusDp2, x);
        x = Vector256.FusedMultiplyAdd(y, MinusDp3, x);
        var z = x * x;

        var cosPoly = Vector256.FusedMultiplyAdd(CosP0, z, CosP1);
        cosPoly = Vector256.FusedMultiplyAdd(cosPoly, z, CosP2);
        var halfZ = z * Half;
        cosPoly = z * cosPoly;
        cosPoly = Vector256.FusedMultiplyAdd(cosPoly, z, -halfZ);
        cosPoly = One + cosPoly;

        var sinPoly = Vector256.FusedMultiplyAdd(SinP0, z, SinP1);
        sinPoly = Vector256.FusedMultiplyAdd(sinPoly, z, SinP2);
        sinPoly = z * sinPoly;
        sinPoly = Vector256.FusedMultiplyAdd(x, sinPoly, x);

        var sinFromSin = sinPoly & polyMask;
        var sinFromCos = Vector256.AndNot(cosPoly, polyMask);
        var cosFromSin = sinPoly - sinFromSin;
        var cosFromCos = cosPoly - sinFromCos;
        return ((sinFromCos + sinFromSin) ^ signSin, (cosFromSin + cosFromCos) ^ signCos);
    }

    // libtorch's scalar path calls these from the C library; calling the same functions keeps their last bits.
    private static unsafe void SinCos(double x, out double sin, out double cos)
    {
        double s;
        double c;
        CSinCos(x, &s, &c);
        sin = s;
        cos = c;
    }

    [LibraryImport(Libm, EntryPoint = "log1p")]
    [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static partial double Log1p(double x);

    [LibraryImport(Libm, EntryPoint = "sincos")]
    [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static unsafe partial void CSinCos(double x, double* sin, double* cos);
}
