using Sweep.Training.Specs;
using Sweep.Training.Torch.Layers;
using static TorchSharp.torch;

namespace Sweep.Training.Tests.Engine;

/// <summary>
/// LstmLayer against a naive double-precision loop over Keras's LSTMCell equations, with the
/// module's own weights: z = x·W + h·U + b split into i, f, g, o; c = f*c + i*act(g); h = o*act(c);
/// the gates through the recurrent activation; h and c start at zero.
/// </summary>
public sealed class LstmLayerTests
{
    private const int Rows = 3;
    private const int Steps = 5;
    private const int Features = 3;
    private const int Units = 4;

    [Theory]
    [InlineData(Activation.Tanh, Activation.Sigmoid, false)]
    [InlineData(Activation.Tanh, Activation.Sigmoid, true)]
    [InlineData(Activation.Relu, Activation.Sigmoid, false)]
    [InlineData(Activation.Relu, Activation.Sigmoid, true)]
    [InlineData(Activation.Tanh, Activation.Tanh, true)]
    public void Forward_Evaluation_MatchesNaiveRecurrence(Activation activation, Activation recurrentActivation, bool returnSequences)
    {
        var spec = Spec(activation, recurrentActivation, returnSequences, dropout: 0);
        using var generator = new Generator(3);
        using var layer = new LstmLayer("lstm", Features, spec, generator);
        layer.eval();
        var input = LayerAssert.Uniform(Rows * Steps * Features, seed: 17, -1, 1);
        using var x = tensor(input, [Rows, Steps, Features]);

        using var y = layer.call(x);

        Assert.Equal(returnSequences ? new long[] { Rows, Steps, Units } : new long[] { Rows, Units }, y.shape);
        LayerAssert.Close(Reference(input, LayerAssert.Parameters(layer), activation, recurrentActivation, returnSequences), LayerAssert.Values(y));
    }

    [Fact]
    public void Forward_EvaluationWithDropout_DropsNothing()
    {
        var spec = Spec(Activation.Tanh, Activation.Sigmoid, returnSequences: true, dropout: 0.5);
        using var generator = new Generator(3);
        using var layer = new LstmLayer("lstm", Features, spec, generator);
        var input = LayerAssert.Uniform(Rows * Steps * Features, seed: 17, -1, 1);
        using var x = tensor(input, [Rows, Steps, Features]);
        var expected = Reference(input, LayerAssert.Parameters(layer), Activation.Tanh, Activation.Sigmoid, returnSequences: true);

        layer.train();
        using var trained = layer.call(x);
        layer.eval();
        using var evaluated = layer.call(x);

        LayerAssert.Close(expected, LayerAssert.Values(evaluated));
        // In training the masks do act, so the comparison above is not vacuous.
        var trainedValues = LayerAssert.Values(trained);
        Assert.Contains(Enumerable.Range(0, expected.Length), k => Math.Abs(trainedValues[k] - expected[k]) > 1e-3);
    }

    private static LstmSpec Spec(Activation activation, Activation recurrentActivation, bool returnSequences, double dropout) =>
        new(Units, activation, recurrentActivation, returnSequences, UnitForgetBias: true, dropout, dropout, null, BiasInitializer: new InitializerSpec("random_normal", Mean: 0, Stddev: 0.5));

    /// <summary>Input [rows, steps, features]; kernel [features, 4*units], recurrent [units, 4*units], bias [4*units].</summary>
    private static double[] Reference(float[] input, Dictionary<string, float[]> weights, Activation activation, Activation recurrentActivation, bool returnSequences)
    {
        var (kernel, recurrent, bias) = (weights["kernel"], weights["recurrent"], weights["bias"]);
        const int Gates = 4 * Units;
        var output = new List<double>();
        for (var n = 0; n < Rows; n++)
        {
            var h = new double[Units];
            var c = new double[Units];
            for (var t = 0; t < Steps; t++)
            {
                var z = new double[Gates];
                for (var g = 0; g < Gates; g++)
                {
                    z[g] = bias[g];
                    for (var j = 0; j < Features; j++)
                    {
                        z[g] += input[(((n * Steps) + t) * Features) + j] * (double)kernel[(j * Gates) + g];
                    }

                    for (var u = 0; u < Units; u++)
                    {
                        z[g] += h[u] * recurrent[(u * Gates) + g];
                    }
                }

                for (var u = 0; u < Units; u++)
                {
                    var i = Apply(recurrentActivation, z[u]);
                    var f = Apply(recurrentActivation, z[Units + u]);
                    var candidate = Apply(activation, z[(2 * Units) + u]);
                    var o = Apply(recurrentActivation, z[(3 * Units) + u]);
                    c[u] = (f * c[u]) + (i * candidate);
                    h[u] = o * Apply(activation, c[u]);
                }

                if (returnSequences || t == Steps - 1)
                {
                    output.AddRange(h);
                }
            }
        }

        return output.ToArray();
    }

    private static double Apply(Activation activation, double z) => activation switch
    {
        Activation.Tanh => Math.Tanh(z),
        Activation.Sigmoid => 1 / (1 + Math.Exp(-z)),
        Activation.Relu => Math.Max(z, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };
}
