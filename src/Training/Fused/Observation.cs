namespace Sweep.Training.Fused;

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
}
