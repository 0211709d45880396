using Sweep.Training.Specs;
using Sweep.Training.Torch.Layers;
using static TorchSharp.torch;

namespace Sweep.Training.Tests.Engine;

/// <summary>
/// Conv2DLayer against a naive channels-last convolution in double precision, with TensorFlow's SAME
/// padding worked out here: out = ceil(in / s), total = max((out - 1) * s + k - in, 0), the floor half
/// before. Expected output sizes are written out by hand in the cases.
/// </summary>
public sealed class Conv2DLayerTests
{
    private const int Filters = 2;
    private const int Rows = 2;

    [Theory]
    [InlineData(5, 5, 1, 3, 3, 1, 1, Padding.Valid, 3, 3)]
    [InlineData(5, 5, 1, 3, 3, 1, 1, Padding.Same, 5, 5)]
    [InlineData(5, 5, 3, 3, 3, 2, 2, Padding.Valid, 2, 2)]
    [InlineData(5, 5, 3, 3, 3, 2, 2, Padding.Same, 3, 3)]
    [InlineData(6, 6, 3, 3, 3, 2, 2, Padding.Same, 3, 3)]
    [InlineData(6, 7, 3, 3, 3, 2, 2, Padding.Same, 3, 4)]
    [InlineData(6, 7, 3, 3, 3, 3, 3, Padding.Same, 2, 3)]
    [InlineData(6, 7, 1, 2, 3, 1, 1, Padding.Same, 6, 7)]
    [InlineData(6, 7, 3, 2, 3, 2, 1, Padding.Valid, 3, 5)]
    [InlineData(6, 7, 3, 2, 3, 2, 1, Padding.Same, 3, 7)]
    [InlineData(5, 5, 3, 2, 3, 2, 1, Padding.Same, 3, 5)]
    [InlineData(7, 6, 1, 3, 2, 1, 2, Padding.Same, 7, 3)]
    public void Forward_RandomWeights_MatchesNaiveChannelsLastConvolution(
        int height, int width, int channels, int kh, int kw, int sh, int sw, Padding padding, int outHeight, int outWidth)
    {
        var spec = new Conv2DSpec(Filters, [kh, kw], [sh, sw], padding, Activation.Linear, null, BiasInitializer: new InitializerSpec("random_normal", Mean: 0, Stddev: 0.5));
        using var generator = new Generator(7);
        using var layer = new Conv2DLayer("conv", [height, width, channels], spec, generator);
        var parameters = LayerAssert.Parameters(layer);
        Assert.Contains(parameters["bias"], b => Math.Abs(b) > 1e-3);
        var input = LayerAssert.Uniform(Rows * height * width * channels, seed: height + (10 * width) + (100 * kh), -1, 1);
        using var x = tensor(input, [Rows, height, width, channels]);
        using var nchw = x.permute(0, 3, 1, 2);

        using var y = layer.call(nchw);
        using var channelsLast = y.permute(0, 2, 3, 1);

        Assert.Equal(new long[] { Rows, Filters, outHeight, outWidth }, y.shape);
        Assert.Equal(new[] { outHeight, outWidth, Filters }, LayerShapes.Infer([spec], [height, width, channels], "layers")[0]);
        var expected = Reference(input, [height, width, channels], parameters["kernel"], parameters["bias"], [kh, kw], [sh, sw], padding);
        LayerAssert.Close(expected, LayerAssert.Values(channelsLast));
    }

    [Fact]
    public void Forward_SameWithEvenKernel_PadsTheOddRowAndColumnAfter()
    {
        // 3x3 input 1..9, 2x2 kernel of ones, stride 1: total padding 1 per axis, all of it after.
        var spec = new Conv2DSpec(1, [2, 2], [1, 1], Padding.Same, Activation.Linear, null);
        using var generator = new Generator(1);
        using var layer = new Conv2DLayer("conv", [3, 3, 1], spec, generator);
        using (no_grad())
        {
            foreach (var (name, parameter) in layer.named_parameters())
            {
                using var value = name == "kernel" ? ones(1, 1, 2, 2) : tensor(new float[] { 0.5f });
                parameter.copy_(value);
            }
        }

        using var x = tensor(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, [1, 1, 3, 3]);
        using var y = layer.call(x);

        Assert.Equal(new long[] { 1, 1, 3, 3 }, y.shape);
        Assert.Equal(new[] { 12.5f, 16.5f, 9.5f, 24.5f, 28.5f, 15.5f, 15.5f, 17.5f, 9.5f }, LayerAssert.Values(y));
    }

    /// <summary>Channels-last convolution: input [rows, h, w, c]; kernel in libtorch's [out, in, kh, kw]; output [rows, oh, ow, out].</summary>
    private static double[] Reference(float[] input, int[] shape, float[] kernel, float[] bias, int[] window, int[] strides, Padding padding)
    {
        var (height, width, channels) = (shape[0], shape[1], shape[2]);
        var (outHeight, top) = LayerAssert.Axis(height, window[0], strides[0], padding);
        var (outWidth, left) = LayerAssert.Axis(width, window[1], strides[1], padding);
        var output = new double[Rows * outHeight * outWidth * Filters];
        var k = 0;
        for (var n = 0; n < Rows; n++)
        {
            for (var oy = 0; oy < outHeight; oy++)
            {
                for (var ox = 0; ox < outWidth; ox++)
                {
                    for (var f = 0; f < Filters; f++)
                    {
                        double sum = bias[f];
                        for (var ky = 0; ky < window[0]; ky++)
                        {
                            for (var kx = 0; kx < window[1]; kx++)
                            {
                                var (iy, ix) = ((oy * strides[0]) + ky - top, (ox * strides[1]) + kx - left);
                                if (iy < 0 || iy >= height || ix < 0 || ix >= width)
                                {
                                    continue;
                                }

                                for (var c = 0; c < channels; c++)
                                {
                                    var value = input[(((((n * height) + iy) * width) + ix) * channels) + c];
                                    var weight = kernel[(((((f * channels) + c) * window[0]) + ky) * window[1]) + kx];
                                    sum += (double)value * weight;
                                }
                            }
                        }

                        output[k++] = sum;
                    }
                }
            }
        }

        return output;
    }
}
