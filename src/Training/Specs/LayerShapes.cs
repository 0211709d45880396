namespace Sweep.Training.Specs;

/// <summary>
/// The shape of each layer's output (without the batch dimension, channels-last as in Keras), from the
/// input's: a flat vector (features), a sequence (timesteps, features) or an image (height, width, channels).
/// </summary>
internal static class LayerShapes
{
    /// <summary>Every layer's output shape.</summary>
    /// <exception cref="SpecException">A layer cannot take the shape it is given, named by <c>{path}.{index}.{key}</c>.</exception>
    public static int[][] Infer(IReadOnlyList<LayerSpec> layers, IReadOnlyList<int> input, string path)
    {
        var shapes = new int[layers.Count][];
        var shape = input.ToArray();
        for (var i = 0; i < layers.Count; i++)
        {
            shape = Output(layers[i], shape, $"{path}.{i}");
            shapes[i] = shape;
        }

        return shapes;
    }

    /// <summary>A shape as Keras prints it: <c>(28, 28, 1)</c>.</summary>
    public static string Describe(IReadOnlyList<int> shape) => $"({string.Join(", ", shape)})";

    /// <summary>The output length of a window sliding over <paramref name="input"/> positions, as TensorFlow computes it.</summary>
    public static int Window(int input, int size, int stride, Padding padding) =>
        padding == Padding.Same ? (input + stride - 1) / stride : input < size ? 0 : ((input - size) / stride) + 1;

    /// <summary>TensorFlow's <c>SAME</c> padding of one dimension: (before, after), the odd one after.</summary>
    public static (int Before, int After) SamePadding(int input, int size, int stride)
    {
        var output = Window(input, size, stride, Padding.Same);
        var total = Math.Max(((output - 1) * stride) + size - input, 0);
        return (total / 2, total - (total / 2));
    }

    private static int[] Output(LayerSpec layer, int[] input, string at) => layer switch
    {
        DenseSpec dense => input.Length == 1
            ? [dense.Units]
            : throw new SpecException($"{at}.type", $"dense needs flat input but gets {Describe(input)} here; put a flatten layer before it"),
        Conv2DSpec conv => Windowed(input, at, "conv2d", "kernel_size", conv.KernelSize, conv.Strides, conv.Padding, conv.Filters),
        MaxPooling2DSpec pool => Windowed(input, at, "max_pooling2d", "pool_size", pool.PoolSize, pool.Strides, pool.Padding, input.Length == 3 ? input[2] : 0),
        FlattenSpec => [Size(input)],
        ReshapeSpec reshape => Size(reshape.TargetShape) == Size(input)
            ? reshape.TargetShape.ToArray()
            : throw new SpecException($"{at}.target_shape", $"{Describe(reshape.TargetShape)} holds {Size(reshape.TargetShape)} values but the input {Describe(input)} has {Size(input)}"),
        LstmSpec lstm => input.Length == 2
            ? lstm.ReturnSequences ? [input[0], lstm.Units] : [lstm.Units]
            : throw new SpecException($"{at}.type", $"lstm needs sequence input (timesteps, features) but gets {Describe(input)} here; use a sequence dataset (sine_waves) or a reshape layer"),
        _ => input,
    };

    private static int[] Windowed(int[] input, string at, string type, string key, IReadOnlyList<int> window, IReadOnlyList<int> strides, Padding padding, int channels)
    {
        if (input.Length != 3)
        {
            throw new SpecException($"{at}.type", $"{type} needs image input (height, width, channels) but gets {Describe(input)} here; use an image dataset (fashion_mnist) or a reshape layer");
        }

        var height = Window(input[0], window[0], strides[0], padding);
        var width = Window(input[1], window[1], strides[1], padding);
        if (height == 0 || width == 0)
        {
            throw new SpecException($"{at}.{key}", $"a {window[0]}x{window[1]} window does not fit the {input[0]}x{input[1]} input with padding valid; use a smaller {key} or padding same");
        }

        return [height, width, channels];
    }

    private static int Size(IReadOnlyList<int> shape) => shape.Aggregate(1, (product, n) => product * n);
}
