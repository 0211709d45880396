using Sweep.Training.Specs;
using Sweep.Training.Torch.Layers;
using static TorchSharp.torch;

namespace Sweep.Training.Tests.Engine;

/// <summary>
/// MaxPooling2DLayer against a naive channels-last reference that takes the maximum over the window's
/// cells inside the input only (TensorFlow's SAME pads with cells that never win). Inputs are all
/// negative, so padding with zeros instead would change the result.
/// </summary>
public sealed class MaxPooling2DLayerTests
{
    private const int Channels = 2;
    private const int Rows = 2;

    [Theory]
    [InlineData(5, 5, 2, 2, 2, 2, Padding.Valid, 2, 2)]
    [InlineData(5, 5, 2, 2, 2, 2, Padding.Same, 3, 3)]
    [InlineData(5, 5, 3, 3, 2, 2, Padding.Valid, 2, 2)]
    [InlineData(5, 5, 3, 3, 2, 2, Padding.Same, 3, 3)]
    [InlineData(6, 6, 2, 2, 2, 2, Padding.Same, 3, 3)]
    [InlineData(6, 7, 2, 2, 1, 1, Padding.Valid, 5, 6)]
    [InlineData(6, 7, 3, 3, 1, 1, Padding.Same, 6, 7)]
    [InlineData(6, 7, 3, 3, 2, 2, Padding.Valid, 2, 3)]
    [InlineData(6, 7, 3, 3, 2, 1, Padding.Same, 3, 7)]
    [InlineData(6, 7, 2, 2, 1, 2, Padding.Same, 6, 4)]
    [InlineData(7, 6, 3, 3, 3, 3, Padding.Same, 3, 2)]
    public void Forward_NegativeInput_MatchesNaiveMaximumOverCellsInside(
        int height, int width, int ph, int pw, int sh, int sw, Padding padding, int outHeight, int outWidth)
    {
        var spec = new MaxPooling2DSpec([ph, pw], [sh, sw], padding);
        using var layer = new MaxPooling2DLayer("pool", [height, width, Channels], spec);
        var input = LayerAssert.Uniform(Rows * height * width * Channels, seed: height + (10 * width) + (100 * ph), -2, -0.1);
        using var x = tensor(input, [Rows, height, width, Channels]);
        using var nchw = x.permute(0, 3, 1, 2);

        using var y = layer.call(nchw);
        using var channelsLast = y.permute(0, 2, 3, 1);

        Assert.Equal(new long[] { Rows, Channels, outHeight, outWidth }, y.shape);
        Assert.Equal(new[] { outHeight, outWidth, Channels }, LayerShapes.Infer([spec], [height, width, Channels], "layers")[0]);
        var actual = LayerAssert.Values(channelsLast);
        Assert.All(actual, v => Assert.True(v < 0, $"{v} is not negative: a padded cell won"));
        LayerAssert.Close(Reference(input, height, width, [ph, pw], [sh, sw], padding), actual);
    }

    [Fact]
    public void Forward_SameOnOddInput_PaddedCellsNeverWin()
    {
        // 3x3 of -1..-9, 2x2 pool, stride 2: output 2x2, one padded row and column after.
        var spec = new MaxPooling2DSpec([2, 2], [2, 2], Padding.Same);
        using var layer = new MaxPooling2DLayer("pool", [3, 3, 1], spec);
        using var x = tensor(new float[] { -1, -2, -3, -4, -5, -6, -7, -8, -9 }, [1, 1, 3, 3]);

        using var y = layer.call(x);

        Assert.Equal(new long[] { 1, 1, 2, 2 }, y.shape);
        Assert.Equal(new[] { -1f, -3f, -7f, -9f }, LayerAssert.Values(y));
    }

    /// <summary>Channels-last max pooling: input [rows, h, w, channels], output [rows, oh, ow, channels].</summary>
    private static double[] Reference(float[] input, int height, int width, int[] window, int[] strides, Padding padding)
    {
        var (outHeight, top) = LayerAssert.Axis(height, window[0], strides[0], padding);
        var (outWidth, left) = LayerAssert.Axis(width, window[1], strides[1], padding);
        var output = new double[Rows * outHeight * outWidth * Channels];
        var k = 0;
        for (var n = 0; n < Rows; n++)
        {
            for (var oy = 0; oy < outHeight; oy++)
            {
                for (var ox = 0; ox < outWidth; ox++)
                {
                    for (var c = 0; c < Channels; c++)
                    {
                        var best = double.NegativeInfinity;
                        for (var ky = 0; ky < window[0]; ky++)
                        {
                            for (var kx = 0; kx < window[1]; kx++)
                            {
                                var (iy, ix) = ((oy * strides[0]) + ky - top, (ox * strides[1]) + kx - left);
                                if (iy >= 0 && iy < height && ix >= 0 && ix < width)
                                {
                                    best = Math.Max(best, input[(((((n * height) + iy) * width) + ix) * Channels) + c]);
                                }
                            }
                        }

                        output[k++] = best;
                    }
                }
            }
        }

        return output;
    }
}
