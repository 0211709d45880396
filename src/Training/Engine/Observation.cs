namespace Sweep.Training.Engine;

/// <summary>The observed layer's activations over an evaluation: their sum and how many are exactly zero.</summary>
internal sealed class Observation
{
    public double Sum { get; private set; }

    public long Zeros { get; private set; }

    public long Count { get; private set; }

    public void Add(ReadOnlySpan<float> values)
    {
        foreach (var v in values)
        {
            Sum += v;
            Zeros += v == 0 ? 1 : 0;
        }

        Count += values.Length;
    }

    /// <summary>Adds a chunk counted elsewhere: the sum of its <paramref name="count"/> values and how many of them are zero.</summary>
    public void Add(double sum, long zeros, long count)
    {
        Sum += sum;
        Zeros += zeros;
        Count += count;
    }
}
