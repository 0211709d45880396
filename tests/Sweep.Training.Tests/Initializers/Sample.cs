using Sweep.Training.Initializers;
using static TorchSharp.torch;

namespace Sweep.Training.Tests.Initializers;

/// <summary>The values an initializer drew, with the statistics the tests check, in double precision.</summary>
internal sealed class Sample
{
    private Sample(float[] values)
    {
        Values = values;
        Mean = values.Average(v => (double)v);
        var mean = Mean;
        Std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }

    public float[] Values { get; }

    public double Mean { get; }

    public double Std { get; }

    public double Min => Values.Min();

    public double Max => Values.Max();

    public static Sample Draw(IInitializer initializer, long[] shape, ulong seed = 42)
    {
        using var generator = new Generator(seed);
        using var tensor = initializer.Create(shape, generator);
        return new Sample(tensor.data<float>().ToArray());
    }
}
