using Sweep.Training.Specs;
using Sweep.Training.Torch.Layers;
using static TorchSharp.torch;

namespace Sweep.Training.Tests.Engine;

/// <summary>
/// Keras draws one input dropout mask per sequence and applies it at every step. Three layers built
/// from the same seed draw the same weights and the same mask, so nudging one input value shows
/// whether that value was dropped: a row's first-step and last-step values must be dropped together.
/// </summary>
public sealed class LstmDropoutTests
{
    private const int Rows = 64;
    private const int Steps = 4;

    [Fact]
    public void Forward_Training_DropsAnInputAtEveryStepOrAtNone()
    {
        var input = LayerAssert.Uniform(Rows * Steps, seed: 5, -1, 1);
        var baseline = Outputs(input);
        var first = Outputs(Nudged(input, step: 0));
        var last = Outputs(Nudged(input, step: Steps - 1));

        var droppedFirst = Enumerable.Range(0, Rows).Select(r => Same(baseline, first, r)).ToArray();
        var droppedLast = Enumerable.Range(0, Rows).Select(r => Same(baseline, last, r)).ToArray();

        Assert.Equal(droppedFirst, droppedLast);
        // About half the rows lose their only feature at rate 0.5.
        Assert.InRange(droppedFirst.Count(d => d), 16, 48);
    }

    private static float[] Outputs(float[] input)
    {
        var spec = new LstmSpec(2, Activation.Tanh, Activation.Sigmoid, false, true, 0.5, 0, null);
        using var generator = new Generator(11);
        using var layer = new LstmLayer("lstm", 1, spec, generator);
        layer.train();
        using var _ = no_grad();
        using var x = tensor(input, [Rows, Steps, 1]);
        using var y = layer.call(x);
        return y.data<float>().ToArray();
    }

    private static float[] Nudged(float[] input, int step)
    {
        var copy = (float[])input.Clone();
        for (var r = 0; r < Rows; r++)
        {
            copy[(r * Steps) + step] += 0.5f;
        }

        return copy;
    }

    private static bool Same(float[] a, float[] b, int row) => a[2 * row] == b[2 * row] && a[(2 * row) + 1] == b[(2 * row) + 1];
}
