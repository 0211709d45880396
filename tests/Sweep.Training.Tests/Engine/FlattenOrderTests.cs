using Sweep.Training.Specs;
using Sweep.Training.Torch;
using static TorchSharp.torch;

namespace Sweep.Training.Tests.Engine;

/// <summary>
/// SequentialNetwork reads rows channels-last and flattens and reshapes in Keras's order (row, column,
/// channel). Each network ends in a softmax Dense whose kernel is the identity, so the logits are the
/// flattened values themselves; 1x1 convolutions with known kernels tag each channel.
/// </summary>
public sealed class FlattenOrderTests
{
    private const int Rows = 2;

    // A 1x1 convolution from 2 channels to 2: filter 0 is 10 times channel 1, filter 1 is channel 0.
    private static readonly float[] SwapKernel = [0, 10, 1, 0];

    [Fact]
    public void Run_ImageConvFlatten_LogitsAreChannelsLast()
    {
        var x = LayerAssert.Uniform(Rows * 12, seed: 1, -1, 1);
        using var network = Network([Conv1x1(2), new FlattenSpec(), Identity(12)], [2, 3, 2], ("layers.0", SwapKernel), ("layers.2", Eye(12)));

        var logits = Logits(network, x, 12);

        LayerAssert.Close(Swapped(x), logits);
    }

    [Fact]
    public void Run_FlatReshapedToImage_ValuesAreTakenChannelsLast()
    {
        var x = LayerAssert.Uniform(Rows * 12, seed: 2, -1, 1);
        using var network = Network([new ReshapeSpec([2, 3, 2]), Conv1x1(2), new FlattenSpec(), Identity(12)], [12], ("layers.1", SwapKernel), ("layers.3", Eye(12)));

        var logits = Logits(network, x, 12);

        LayerAssert.Close(Swapped(x), logits);
    }

    [Fact]
    public void Run_ImageReshapedToOneChannel_KeepsChannelsLastOrder()
    {
        // (2, 3, 2) as (3, 4, 1) keeps the flat order; then filter 0 copies it and filter 1 multiplies it by 10.
        var x = LayerAssert.Uniform(Rows * 12, seed: 3, -1, 1);
        using var network = Network([new ReshapeSpec([3, 4, 1]), Conv1x1(2), new FlattenSpec(), Identity(24)], [2, 3, 2], ("layers.1", [1, 10]), ("layers.3", Eye(24)));

        var logits = Logits(network, x, 24);

        LayerAssert.Close(x.SelectMany(v => new[] { (double)v, 10.0 * v }).ToArray(), logits);
    }

    [Fact]
    public void Run_MaxPoolingOverWholeImage_PoolsEachChannelSeparately()
    {
        // A (2, 2, 2) image pooled 2x2: channel c's maximum is over flat positions c, c + 2, c + 4, c + 6.
        var x = LayerAssert.Uniform(Rows * 8, seed: 4, -1, 1);
        using var network = Network([new MaxPooling2DSpec([2, 2], [2, 2], Padding.Valid), new FlattenSpec(), Identity(2)], [2, 2, 2], ("layers.2", Eye(2)));

        var logits = Logits(network, x, 2);

        var expected = Enumerable.Range(0, Rows * 2).Select(k => (double)Enumerable.Range(0, 4).Max(p => x[((k / 2) * 8) + (p * 2) + (k % 2)])).ToArray();
        LayerAssert.Close(expected, logits);
    }

    // Per pixel p: [10 * x[2p + 1], x[2p]].
    private static double[] Swapped(float[] x) =>
        Enumerable.Range(0, x.Length).Select(k => k % 2 == 0 ? 10.0 * x[k + 1] : x[k - 1]).ToArray();

    private static Conv2DSpec Conv1x1(int filters) => new(filters, [1, 1], [1, 1], Padding.Valid, Activation.Linear, null);

    private static DenseSpec Identity(int units) => new(units, Activation.Softmax, null);

    private static float[] Eye(int n) => Enumerable.Range(0, n * n).Select(k => k / n == k % n ? 1f : 0f).ToArray();

    private static float[] Logits(SequentialNetwork network, float[] x, int width)
    {
        using var input = tensor(x, [Rows, x.Length / Rows]);
        using var logits = network.Run(input, training: false, observe: false).Logits;
        Assert.Equal(new long[] { Rows, width }, logits.shape);
        return LayerAssert.Values(logits);
    }

    /// <summary>A network whose named kernels are set as given and every other parameter (the biases) to zero.</summary>
    private static SequentialNetwork Network(LayerSpec[] layers, int[] input, params (string Layer, float[] Kernel)[] kernels)
    {
        using var generator = new Generator(0);
        var network = new SequentialNetwork(layers, input, generator);
        var values = kernels.ToDictionary(k => $"{k.Layer}.kernel", k => k.Kernel);
        var names = network.named_parameters().Select(p => p.name).ToArray();
        Assert.Equal(values.Keys.Concat(kernels.Select(k => $"{k.Layer}.bias")).Order(), names.Order());
        using (no_grad())
        {
            foreach (var (name, parameter) in network.named_parameters())
            {
                using var value = values.TryGetValue(name, out var kernel) ? tensor(kernel).reshape(parameter.shape) : zeros_like(parameter);
                parameter.copy_(value);
            }
        }

        return network;
    }
}
