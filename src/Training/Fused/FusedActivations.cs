using System.Runtime.CompilerServices;
using Sweep.Training.Specs;

namespace Sweep.Training.Fused;

/// <summary>The element-wise activations of the fused path, forward and backward; softmax runs over each row.</summary>
internal static class FusedActivations
{
    /// <summary><c>y = f(x)</c> for rows of <paramref name="width"/> values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(Activation function, ReadOnlySpan<float> x, Span<float> y, int width)
    {
        switch (function)
        {
            case Activation.Relu:
                Kernels.Relu(x, y);
                break;
            case Activation.Sigmoid:
                for (var i = 0; i < x.Length; i++)
                {
                    y[i] = 1f / (1f + MathF.Exp(-x[i]));
                }

                break;
            case Activation.Tanh:
                for (var i = 0; i < x.Length; i++)
                {
                    y[i] = MathF.Tanh(x[i]);
                }

                break;
            case Activation.Softmax:
                x.CopyTo(y);
                for (var r = 0; r < y.Length; r += width)
                {
                    Softmax(y.Slice(r, width));
                }

                break;
        }
    }

    /// <summary>Turns <paramref name="g"/>, the gradient with respect to the activation's <paramref name="output"/>, into the gradient with respect to its input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(Activation function, Span<float> g, ReadOnlySpan<float> output, int width)
    {
        switch (function)
        {
            case Activation.Relu:
                Kernels.ReluBackward(g, output);
                break;
            case Activation.Sigmoid:
                for (var i = 0; i < g.Length; i++)
                {
                    g[i] = g[i] * (1 - output[i]) * output[i];
                }

                break;
            case Activation.Tanh:
                for (var i = 0; i < g.Length; i++)
                {
                    g[i] = g[i] * (1 - (output[i] * output[i]));
                }

                break;
            case Activation.Softmax:
                for (var r = 0; r < g.Length; r += width)
                {
                    var row = g.Slice(r, width);
                    var y = output.Slice(r, width);
                    var dot = Kernels.Dot(row, y);
                    for (var k = 0; k < width; k++)
                    {
                        row[k] = y[k] * (row[k] - dot);
                    }
                }

                break;
        }
    }

    /// <summary>A numerically stable softmax of one row, in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Softmax(Span<float> row)
    {
        var max = float.NegativeInfinity;
        foreach (var v in row)
        {
            max = MathF.Max(max, v);
        }

        var sum = 0f;
        for (var k = 0; k < row.Length; k++)
        {
            row[k] = MathF.Exp(row[k] - max);
            sum += row[k];
        }

        for (var k = 0; k < row.Length; k++)
        {
            row[k] /= sum;
        }
    }
}
