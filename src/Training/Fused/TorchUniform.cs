using System.Runtime.Intrinsics;
using TorchSharp;

namespace Sweep.Training.Fused;

/// <summary>
/// libtorch's CPU generator, a 32-bit Mersenne Twister, in managed code: seeded as <c>torch.Generator(seed)</c> seeds it, or
/// continued from a <see cref="torch.Generator"/>'s state, it draws the float32 uniforms <c>torch.rand</c> would draw from
/// that generator, in the same order, without libtorch and without a tensor per draw. libtorch turns a 32-bit draw into a
/// float by keeping its low 24 bits and scaling by 2^-24.
/// </summary>
internal sealed class TorchUniform
{
    private const int N = 624;
    private const int M = 397;

    // The byte layout of libtorch's CPU generator state (CPUGeneratorImplState, from Generator.get_state()):
    // the initial seed (8 bytes), left (4), seeded (4), next (8), the 624 state words as 8 bytes each, then the
    // legacy normal_x, normal_y and normal_rho (8 each) and normal_is_valid (4): normal_y holds the kept double normal.
    private const int LeftOffset = 8;
    private const int NextOffset = 16;
    private const int StateOffset = 24;
    private const int NormalYOffset = StateOffset + (8 * N) + 8;
    private const int NormalIsValidOffset = NormalYOffset + 16;

    private readonly uint[] state = new uint[N];
    private int left;
    private int next;

    private TorchUniform()
    {
    }

    /// <summary>
    /// The state <c>torch.Generator(seed)</c> starts in: libtorch's mt19937 seeds its 624 words from the seed's low 32 bits
    /// (Knuth's multiplier 1812433253, as the reference implementation's init_genrand), and twists at the first draw.
    /// </summary>
    public static TorchUniform Seeded(ulong seed)
    {
        var uniform = new TorchUniform { left = 1, next = 0 };
        uniform.state[0] = (uint)seed;
        for (var i = 1; i < N; i++)
        {
            var previous = uniform.state[i - 1];
            uniform.state[i] = unchecked((1812433253u * (previous ^ (previous >> 30))) + (uint)i);
        }

        return uniform;
    }

    /// <summary>Takes over where <paramref name="generator"/> is; the generator itself must not draw again.</summary>
    public static TorchUniform From(torch.Generator generator)
    {
        using var bytes = generator.get_state();
        var data = bytes.data<byte>().ToArray();
        var uniform = new TorchUniform
        {
            left = BitConverter.ToInt32(data, LeftOffset),
            next = (int)BitConverter.ToUInt64(data, NextOffset),
        };
        for (var i = 0; i < N; i++)
        {
            uniform.state[i] = (uint)BitConverter.ToUInt64(data, StateOffset + (8 * i));
        }

        if (BitConverter.ToInt32(data, NormalIsValidOffset) != 0)
        {
            uniform.NextNormalSample = BitConverter.ToDouble(data, NormalYOffset);
        }

        return uniform;
    }

    /// <summary>
    /// The second value of the last double Box-Muller pair, which libtorch keeps in the generator (its
    /// <c>next_double_normal_sample</c>) and returns from the next <c>at::normal_distribution&lt;double&gt;</c> draw
    /// instead of drawing; null when none is kept. See <see cref="TorchNormal.NextDoubleNormal"/>.
    /// </summary>
    public double? NextNormalSample { get; set; }

    /// <summary>The next uniform in [0, 1), as <c>torch.rand</c> gives it.</summary>
    public float NextFloat() => (NextUInt32() & 0xFFFFFF) * (1f / 16777216f);

    /// <summary>
    /// Fills <paramref name="values"/> with the next uniforms, as as many <see cref="NextFloat"/> calls would: the words
    /// left before the next twist are tempered eight at a time.
    /// </summary>
    public void Fill(Span<float> values)
    {
        var i = 0;
        while (i < values.Length)
        {
            if (left == 1)
            {
                values[i++] = NextFloat();
                continue;
            }

            var take = Math.Min(left - 1, values.Length - i);
            var words = state.AsSpan(next, take);
            var k = 0;
            for (; k + Vector256<uint>.Count <= take; k += Vector256<uint>.Count)
            {
                var y = Vector256.Create<uint>(words[k..]);
                y ^= Vector256.ShiftRightLogical(y, 11);
                y ^= Vector256.ShiftLeft(y, 7) & Vector256.Create(0x9d2c5680u);
                y ^= Vector256.ShiftLeft(y, 15) & Vector256.Create(0xefc60000u);
                y ^= Vector256.ShiftRightLogical(y, 18);
                var low = (y & Vector256.Create(0xFFFFFFu)).AsInt32();
                (Vector256.ConvertToSingle(low) * Vector256.Create(1f / 16777216f)).CopyTo(values[(i + k)..]);
            }

            for (; k < take; k++)
            {
                values[i + k] = (Temper(words[k]) & 0xFFFFFF) * (1f / 16777216f);
            }

            next += take;
            left -= take;
            i += take;
        }
    }

    /// <summary>
    /// The next uniform double in [0, 1), as <c>at::uniform_real_distribution&lt;double&gt;</c> draws it: the low 53 bits of
    /// libtorch's <c>random64()</c> (two 32-bit draws, the first as the high half) scaled by 2^-53.
    /// </summary>
    public double NextDouble()
    {
        var high = (ulong)NextUInt32();
        var low = NextUInt32();
        return (((high << 32) | low) & ((1UL << 53) - 1)) * (1.0 / (1UL << 53));
    }

    /// <summary>The next 32-bit draw, tempered.</summary>
    public uint NextUInt32()
    {
        if (--left == 0)
        {
            Twist();
        }

        return Temper(state[next++]);
    }

    private static uint Temper(uint y)
    {
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        return y ^ (y >> 18);
    }

    // Branch-free: (0 - (v & 1)) is all ones exactly when v is odd; a branch here is mispredicted half the time.
    private static uint Mix(uint u, uint v) => (((u & 0x80000000) | (v & 0x7fffffff)) >> 1) ^ (unchecked(0u - (v & 1)) & 0x9908b0df);

    // Regenerates the 624 words, as libtorch's mt19937::next_state.
    private void Twist()
    {
        left = N;
        next = 0;
        int i;
        for (i = 0; i < N - M; i++)
        {
            state[i] = state[i + M] ^ Mix(state[i], state[i + 1]);
        }

        for (; i < N - 1; i++)
        {
            state[i] = state[i + M - N] ^ Mix(state[i], state[i + 1]);
        }

        state[N - 1] = state[M - 1] ^ Mix(state[N - 1], state[0]);
    }
}
