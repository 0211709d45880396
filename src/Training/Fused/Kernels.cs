using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Sweep.Training.Fused;

/// <summary>
/// The vector loops of the fused path, on 8-lane <see cref="Vector256{T}"/> whatever the machine (emulated where it
/// has no 256-bit vectors): multiplications and additions stay separate (no fused multiply-add) and sums run in 8
/// lanes added in a fixed order, so every silo computes the same bits.
/// </summary>
internal static class Kernels
{
    private static readonly int Width = Vector256<float>.Count;

    /// <summary><c>y += a * x</c>, element by element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddScaled(Span<float> y, ReadOnlySpan<float> x, float a)
    {
        ref var yr = ref MemoryMarshal.GetReference(y);
        ref var xr = ref MemoryMarshal.GetReference(x);
        var scale = Vector256.Create(a);
        var i = 0;
        for (; i <= y.Length - Width; i += Width)
        {
            var sum = Vector256.LoadUnsafe(ref yr, (nuint)i) + (scale * Vector256.LoadUnsafe(ref xr, (nuint)i));
            sum.StoreUnsafe(ref yr, (nuint)i);
        }

        for (; i < y.Length; i++)
        {
            Unsafe.Add(ref yr, i) += a * Unsafe.Add(ref xr, i);
        }
    }

    /// <summary>
    /// One row of a dense layer: <c>y = b + x[0] * W[0, :] + x[1] * W[1, :] + ...</c> with W stored (inputs, outputs),
    /// the terms added in that order, eight outputs at a time held in a register.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Affine(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y)
    {
        var outputs = y.Length;
        ref var wr = ref MemoryMarshal.GetReference(kernel);
        ref var br = ref MemoryMarshal.GetReference(bias);
        ref var yr = ref MemoryMarshal.GetReference(y);
        var o = 0;
        for (; o <= outputs - Width; o += Width)
        {
            var sum = Vector256.LoadUnsafe(ref br, (nuint)o);
            for (var i = 0; i < x.Length; i++)
            {
                sum += Vector256.Create(x[i]) * Vector256.LoadUnsafe(ref wr, (nuint)((i * outputs) + o));
            }

            sum.StoreUnsafe(ref yr, (nuint)o);
        }

        for (; o < outputs; o++)
        {
            var sum = Unsafe.Add(ref br, o);
            for (var i = 0; i < x.Length; i++)
            {
                sum += x[i] * Unsafe.Add(ref wr, (i * outputs) + o);
            }

            Unsafe.Add(ref yr, o) = sum;
        }
    }

    /// <summary>
    /// A dense layer's kernel gradient over a batch: <c>dW[i, :] += x[0, i] * g[0, :] + x[1, i] * g[1, :] + ...</c>,
    /// rows added in order, eight outputs at a time held in a register.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddOuterProducts(Span<float> kernelGradients, ReadOnlySpan<float> x, ReadOnlySpan<float> g, int rows, int inputs, int outputs)
    {
        ref var dr = ref MemoryMarshal.GetReference(kernelGradients);
        ref var gr = ref MemoryMarshal.GetReference(g);
        for (var i = 0; i < inputs; i++)
        {
            var o = 0;
            for (; o <= outputs - Width; o += Width)
            {
                var at = (nuint)((i * outputs) + o);
                var sum = Vector256.LoadUnsafe(ref dr, at);
                for (var r = 0; r < rows; r++)
                {
                    sum += Vector256.Create(x[(r * inputs) + i]) * Vector256.LoadUnsafe(ref gr, (nuint)((r * outputs) + o));
                }

                sum.StoreUnsafe(ref dr, at);
            }

            for (; o < outputs; o++)
            {
                ref var d = ref Unsafe.Add(ref dr, (i * outputs) + o);
                for (var r = 0; r < rows; r++)
                {
                    d += x[(r * inputs) + i] * Unsafe.Add(ref gr, (r * outputs) + o);
                }
            }
        }
    }

    /// <summary>The sum of <c>x[i] * y[i]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        var lanes = Vector256<float>.Zero;
        var i = 0;
        for (; i <= x.Length - Width; i += Width)
        {
            lanes += Vector256.LoadUnsafe(ref xr, (nuint)i) * Vector256.LoadUnsafe(ref yr, (nuint)i);
        }

        var sum = Lanes(lanes);
        for (; i < x.Length; i++)
        {
            sum += Unsafe.Add(ref xr, i) * Unsafe.Add(ref yr, i);
        }

        return sum;
    }

    /// <summary>The sums of <c>|x|</c> and of <c>x * x</c>, in double: what an L1 and an L2 penalty need.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double Abs, double Squares) Norms(ReadOnlySpan<float> x)
    {
        ref var xr = ref MemoryMarshal.GetReference(x);
        var abs = Vector256<float>.Zero;
        var squares = Vector256<float>.Zero;
        var i = 0;
        for (; i <= x.Length - Width; i += Width)
        {
            var v = Vector256.LoadUnsafe(ref xr, (nuint)i);
            abs += Vector256.Abs(v);
            squares += v * v;
        }

        double a = Lanes(abs), s = Lanes(squares);
        for (; i < x.Length; i++)
        {
            var v = Unsafe.Add(ref xr, i);
            a += MathF.Abs(v);
            s += v * v;
        }

        return (a, s);
    }

    /// <summary><c>g[i] = output[i] &gt; 0 ? g[i] : 0</c>: ReLU's backward pass, from its output as libtorch computes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReluBackward(Span<float> g, ReadOnlySpan<float> output)
    {
        ref var gr = ref MemoryMarshal.GetReference(g);
        ref var or = ref MemoryMarshal.GetReference(output);
        var i = 0;
        for (; i <= g.Length - Width; i += Width)
        {
            var keep = Vector256.GreaterThan(Vector256.LoadUnsafe(ref or, (nuint)i), Vector256<float>.Zero);
            (Vector256.LoadUnsafe(ref gr, (nuint)i) & keep).StoreUnsafe(ref gr, (nuint)i);
        }

        for (; i < g.Length; i++)
        {
            if (!(Unsafe.Add(ref or, i) > 0))
            {
                Unsafe.Add(ref gr, i) = 0;
            }
        }
    }

    /// <summary>
    /// <c>g += c1 * sign(x) + c2 * x</c>: the gradient of <c>l1 * sum(|x|) + l2 * sum(x^2)</c> scaled, with
    /// <c>c1 = scale * l1</c> and <c>c2 = scale * 2 * l2</c>; sign(0) is 0, as libtorch's.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddPenaltyGradient(Span<float> g, ReadOnlySpan<float> x, float c1, float c2)
    {
        ref var gr = ref MemoryMarshal.GetReference(g);
        ref var xr = ref MemoryMarshal.GetReference(x);
        var (v1, v2, one) = (Vector256.Create(c1), Vector256.Create(c2), Vector256.Create(1f));
        var i = 0;
        for (; i <= g.Length - Width; i += Width)
        {
            var xi = Vector256.LoadUnsafe(ref xr, (nuint)i);
            var sign = (Vector256.GreaterThan(xi, Vector256<float>.Zero) & one) - (Vector256.LessThan(xi, Vector256<float>.Zero) & one);
            (Vector256.LoadUnsafe(ref gr, (nuint)i) + ((v1 * sign) + (v2 * xi))).StoreUnsafe(ref gr, (nuint)i);
        }

        for (; i < g.Length; i++)
        {
            var xi = Unsafe.Add(ref xr, i);
            Unsafe.Add(ref gr, i) += (c1 * Sign(xi)) + (c2 * xi);
        }
    }

    /// <summary><c>y = max(x, 0)</c> into another buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Relu(ReadOnlySpan<float> x, Span<float> y)
    {
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        var i = 0;
        for (; i <= x.Length - Width; i += Width)
        {
            Vector256.Max(Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256<float>.Zero).StoreUnsafe(ref yr, (nuint)i);
        }

        for (; i < x.Length; i++)
        {
            var v = Unsafe.Add(ref xr, i);
            Unsafe.Add(ref yr, i) = v > 0 ? v : 0;
        }
    }

    private static float Sign(float x) => x > 0 ? 1 : x < 0 ? -1 : 0;

    // Lanes 0..7 added pairwise in a fixed order.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Lanes(Vector256<float> v) =>
        ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]));
}
