namespace Sweep.Training.Datasets;

/// <summary>
/// numpy's legacy <c>numpy.random.RandomState(seed)</c> for an integer seed, reproduced bit for bit
/// (matched against numpy 1.24.2, whose legacy stream has been frozen since numpy 1.17):
/// MT19937 seeded with <c>init_genrand</c> (<c>mt19937_seed</c>, not <c>init_by_array</c>),
/// 53-bit doubles from two 32-bit draws (<c>mt19937_next_double</c>), the polar Box-Muller
/// <c>legacy_gauss</c> with its cached second value, masked rejection <c>random_interval</c>,
/// and the Fisher-Yates <c>shuffle</c> of a one-dimensional array.
/// </summary>
internal sealed class LegacyRandomState
{
    private const int StateLength = 624;
    private const int Middle = 397;
    private const uint MatrixA = 0x9908b0df;
    private const uint UpperMask = 0x80000000;
    private const uint LowerMask = 0x7fffffff;

    private readonly uint[] _key = new uint[StateLength];
    private int _position;

    // legacy_gauss produces values in pairs; the second one is kept for the next call.
    private bool _hasGauss;
    private double _gauss;

    public LegacyRandomState(uint seed)
    {
        // mt19937_seed: key[0] = seed; key[i] = 1812433253 * (key[i-1] ^ (key[i-1] >> 30)) + i (mod 2^32).
        _key[0] = seed;
        for (var i = 1; i < StateLength; i++)
        {
            var previous = _key[i - 1];
            _key[i] = unchecked((1812433253u * (previous ^ (previous >> 30))) + (uint)i);
        }

        // Forces a full regeneration before the first output, as numpy does (pos = RK_STATE_LEN).
        _position = StateLength;
    }

    /// <summary>The next raw MT19937 output (numpy's <c>mt19937_next32</c>).</summary>
    public uint NextUInt32()
    {
        if (_position == StateLength)
        {
            Regenerate();
        }

        var y = _key[_position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >> 18;
        return y;
    }

    /// <summary>A double in [0, 1) with 53 random bits (numpy's <c>mt19937_next_double</c>).</summary>
    public double NextDouble()
    {
        // The first draw gives the high 27 bits, the second the low 26; order matters for the stream.
        var a = NextUInt32() >> 5;
        var b = NextUInt32() >> 6;
        return ((a * 67108864.0) + b) / 9007199254740992.0;
    }

    /// <summary>A standard normal value (numpy's <c>legacy_gauss</c>, the polar Box-Muller method).</summary>
    public double NextGaussian()
    {
        if (_hasGauss)
        {
            _hasGauss = false;
            var cached = _gauss;
            _gauss = 0.0;
            return cached;
        }

        double x1, x2, r2;
        do
        {
            x1 = (2.0 * NextDouble()) - 1.0;
            x2 = (2.0 * NextDouble()) - 1.0;
            r2 = (x1 * x1) + (x2 * x2);
        }
        while (r2 >= 1.0 || r2 == 0.0);

        var f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);

        // numpy returns f * x2 now and keeps f * x1 for the next call.
        _gauss = f * x1;
        _hasGauss = true;
        return f * x2;
    }

    /// <summary>
    /// A uniform integer in [0, <paramref name="max"/>] (inclusive), by numpy's <c>random_interval</c>:
    /// each try masks one 32-bit draw to the smallest all-ones mask covering <paramref name="max"/>
    /// and rejects values above it.
    /// </summary>
    public uint Bounded(uint max)
    {
        // numpy consumes no output for an interval of one value.
        if (max == 0)
        {
            return 0;
        }

        var mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;

        uint value;
        do
        {
            value = NextUInt32() & mask;
        }
        while (value > max);

        return value;
    }

    /// <summary>
    /// Shuffles <paramref name="values"/> in place as numpy's legacy <c>shuffle</c> does for a
    /// one-dimensional array: Fisher-Yates from the top, <c>j = random_interval(i)</c> for i = n-1 down to 1.
    /// </summary>
    public void Shuffle(Span<int> values)
    {
        for (var i = values.Length - 1; i >= 1; i--)
        {
            var j = (int)Bounded((uint)i);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary>
    /// A shuffled <c>0..n-1</c>, as scikit-learn's <c>shuffle</c> builds it (<c>np.arange(n)</c> then
    /// <c>random_state.shuffle</c>) and as numpy's legacy <c>permutation(n)</c> returns it.
    /// </summary>
    public int[] Permutation(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var indices = new int[n];
        for (var i = 0; i < n; i++)
        {
            indices[i] = i;
        }

        Shuffle(indices);
        return indices;
    }

    // The reference MT19937 block regeneration (genrand_int32's refill loop).
    private void Regenerate()
    {
        int i;
        uint y;
        for (i = 0; i < StateLength - Middle; i++)
        {
            y = (_key[i] & UpperMask) | (_key[i + 1] & LowerMask);
            _key[i] = _key[i + Middle] ^ (y >> 1) ^ ((y & 1) == 0 ? 0u : MatrixA);
        }

        for (; i < StateLength - 1; i++)
        {
            y = (_key[i] & UpperMask) | (_key[i + 1] & LowerMask);
            _key[i] = _key[i + (Middle - StateLength)] ^ (y >> 1) ^ ((y & 1) == 0 ? 0u : MatrixA);
        }

        y = (_key[StateLength - 1] & UpperMask) | (_key[0] & LowerMask);
        _key[StateLength - 1] = _key[Middle - 1] ^ (y >> 1) ^ ((y & 1) == 0 ? 0u : MatrixA);

        _position = 0;
    }
}
