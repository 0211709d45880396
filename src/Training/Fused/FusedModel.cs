using Sweep.Training.Torch;
using System.Runtime.CompilerServices;
using Sweep.Training.Engine;
using Sweep.Training.Initializers;
using Sweep.Training.Specs;
using TorchSharp;

namespace Sweep.Training.Fused;

/// <summary>
/// A sequential model of Dense, Activation, Dropout (and an identity Flatten) layers as plain float32 arrays: the
/// same steps as <see cref="SequentialNetwork"/> (<see cref="NetworkPlan"/>), computed by hand, forward
/// and backward. Weights are drawn by the same initializers from the same generator in the same order, and every
/// dropout mask is drawn from it as the TorchSharp model draws it, so both start and step alike. The generator is
/// <see cref="TorchUniform"/>, libtorch's in managed code: uniform and constant initializers draw from it without
/// libtorch; a model with a normal initializer draws its weights through libtorch and continues its generator in managed
/// code (see <see cref="IInitializer.DrawsWithoutTorch"/>). All of a model's
/// weights sit in one array (kernels stored (in, out) as Keras stores them, then biases), its gradients in another.
/// </summary>
internal sealed class FusedModel
{
    private readonly NetworkStep[] steps;
    private readonly Dense?[] modules;
    private readonly (int Layer, float L1, float L2, bool BatchMean)[] activities;
    private readonly int[] widths;
    private readonly TorchUniform uniform;
    private readonly int firstDense;

    /// <param name="layers">The layers: dense, activation, dropout and flatten only (FusedPath checks).</param>
    /// <param name="features">The width of an input row.</param>
    /// <param name="seed">The trial's generator seed (<c>torch.Generator(seed)</c>): the weights and every dropout mask are drawn from it.</param>
    public FusedModel(IReadOnlyList<LayerSpec> layers, int features, ulong seed)
    {
        Plan = NetworkPlan.Of(layers);
        steps = [.. Plan.Steps];
        var draws = new List<(InitializerSpec Initializer, long[] Shape)>();
        var width = features;
        foreach (var spec in layers.OfType<DenseSpec>())
        {
            draws.Add((spec.Kernel, [width, spec.Units]));
            draws.Add((spec.Bias, [spec.Units]));
            width = spec.Units;
        }

        (var drawn, uniform) = InitialWeights(draws, seed);
        var dense = new List<Dense?>();
        var weights = new List<float>();
        var next = 0;
        width = features;
        foreach (var (layer, index) in layers.Select((layer, index) => (layer, index)))
        {
            switch (layer)
            {
                case DenseSpec spec:
                    var (kernel, bias) = (drawn[next], drawn[next + 1]);
                    next += 2;
                    dense.Add(new Dense(index, width, spec.Units, weights.Count, weights.Count + kernel.Length, Coefficients(spec.KernelRegularizer), Coefficients(spec.BiasRegularizer)));
                    weights.AddRange(kernel);
                    weights.AddRange(bias);
                    width = spec.Units;
                    break;
                case FlattenSpec:
                    dense.Add(null);
                    break;
            }
        }

        // Kernels and biases were appended in layer order; the offsets above point into this array.
        Parameters = [.. weights];
        Gradients = new float[Parameters.Length];
        modules = [.. dense];
        activities = [.. Plan.Activities.Select(p =>
            (p.Layer, (float)p.Penalty.L1Coefficient, (float)p.Penalty.L2Coefficient, p.Reduction == ActivityReduction.BatchMean))];
        widths = Widths(features);
        Outputs = widths[^1];
        firstDense = Array.FindIndex(steps, step => step is NetworkStep.Run run && modules[run.Module] is not null);
    }

    /// <summary>Every weight: each dense layer's kernel (in, out) then its bias, in layer order.</summary>
    public float[] Parameters { get; }

    /// <summary>The gradient of the last <see cref="Backward"/> for each of <see cref="Parameters"/>.</summary>
    public float[] Gradients { get; }

    /// <summary>The steps <see cref="Forward"/> runs.</summary>
    public NetworkPlan Plan { get; }

    /// <summary>The layer whose activated output is observed in evaluation, or -1.</summary>
    public int ObservedLayer => Plan.ObservedLayer;

    /// <summary>The width of the logits.</summary>
    public int Outputs { get; }

    /// <summary>
    /// Buffers for passes of up to <paramref name="rows"/> rows, for training or for evaluation: one per step that
    /// changes values (penalties and observations read, and dropout in evaluation passes through), and the masks.
    /// </summary>
    public Pass NewPass(int rows, bool training) =>
        new(rows, widths, s => steps[s] is NetworkStep.Penalize or NetworkStep.Observe || (steps[s] is NetworkStep.Drop && !training));

    /// <summary>
    /// Runs the model on <paramref name="rows"/> rows of <paramref name="input"/>. In training, dropout masks are
    /// drawn and the activity penalty (reduced per batch) is returned; in evaluation, dropout is the identity and each
    /// activity penalty is added per row to <paramref name="perRowPenalties"/> (in the order of <see cref="NetworkPlan.Activities"/>), and the observed layer's sum and
    /// zeros are counted. Returns the logits (rows x <see cref="Outputs"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<float> Forward(
        Pass pass, ReadOnlySpan<float> input, int rows, bool training, out double penalty, List<float>[]? perRowPenalties = null, Observation? observation = null)
    {
        penalty = 0;
        pass.Rows = rows;
        ReadOnlySpan<float> current = input;
        var width = widths[0];
        var activity = 0;
        for (var s = 0; s < steps.Length; s++)
        {
            var output = pass.Values[s].AsSpan(0, rows * widths[s + 1]);
            var passedThrough = s > 0 && ReferenceEquals(pass.Values[s], pass.Values[s - 1]);
            switch (steps[s])
            {
                case NetworkStep.Run run when modules[run.Module] is { } dense:
                    Multiply(dense, current, output, rows);
                    break;
                case NetworkStep.Activate activate:
                    Activate(activate.Function, current, output, widths[s + 1]);
                    break;
                case NetworkStep.Drop drop when training:
                    DrawMask(pass.Masks[s].AsSpan(0, output.Length), drop.Rate);
                    var scale = (float)(1.0 / (1.0 - drop.Rate));
                    var mask = pass.Masks[s];
                    for (var i = 0; i < output.Length; i++)
                    {
                        output[i] = current[i] * mask[i] * scale;
                    }

                    break;
                case NetworkStep.Penalize when training:
                    var (l1, l2, batchMean) = (activities[activity].L1, activities[activity].L2, activities[activity].BatchMean);
                    var (abs, squares) = Kernels.Norms(current);
                    var total = (l1 * abs) + (l2 * squares);
                    penalty += batchMean ? total / rows : total;
                    activity++;
                    break;
                case NetworkStep.Penalize:
                    var (_, rowL1, rowL2, _) = activities[activity];
                    for (var r = 0; r < rows; r++)
                    {
                        var (rowAbs, rowSquares) = Kernels.Norms(current.Slice(r * width, width));
                        perRowPenalties![activity].Add((float)((rowL1 * rowAbs) + (rowL2 * rowSquares)));
                    }

                    activity++;
                    break;
                case NetworkStep.Observe when observation is not null:
                    observation.Add(current);
                    break;
            }

            var writes = steps[s] switch
            {
                NetworkStep.Run run => modules[run.Module] is not null,
                NetworkStep.Activate => true,
                NetworkStep.Drop => training,
                _ => false,
            };
            if (!writes && !passedThrough)
            {
                current.CopyTo(output);
            }

            current = output;
            width = widths[s + 1];
        }

        return current;
    }

    /// <summary>
    /// Back-propagates <paramref name="logitGradients"/> (the loss's gradient with respect to the logits of the last
    /// training <see cref="Forward"/>) through the pass, with the activity and weight penalties, into
    /// <see cref="Gradients"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Backward(Pass pass, ReadOnlySpan<float> input, ReadOnlySpan<float> logitGradients)
    {
        Array.Clear(Gradients);
        var rows = pass.Rows;
        var (current, other) = (pass.GradientsA, pass.GradientsB);
        var g = current.AsSpan(0, logitGradients.Length);
        logitGradients.CopyTo(g);
        var activity = activities.Length;
        for (var s = steps.Length - 1; s >= 0; s--)
        {
            ReadOnlySpan<float> before = s == 0 ? input : pass.Values[s - 1].AsSpan(0, rows * widths[s]);
            switch (steps[s])
            {
                case NetworkStep.Run run when modules[run.Module] is { } dense:
                    if (s == firstDense)
                    {
                        // The input needs no gradient: as libtorch, stop at the first weighted layer.
                        MultiplyBackward(dense, before, g, default, rows);
                        AddWeightPenaltyGradients();
                        return;
                    }

                    var next = other.AsSpan(0, rows * dense.Inputs);
                    MultiplyBackward(dense, before, g, next, rows);
                    (current, other) = (other, current);
                    g = next;
                    break;
                case NetworkStep.Activate activate:
                    ActivateBackward(activate.Function, g, pass.Values[s].AsSpan(0, g.Length), widths[s + 1]);
                    break;
                case NetworkStep.Drop drop:
                    var scale = (float)(1.0 / (1.0 - drop.Rate));
                    var mask = pass.Masks[s];
                    for (var i = 0; i < g.Length; i++)
                    {
                        g[i] = g[i] * scale * mask[i];
                    }

                    break;
                case NetworkStep.Penalize:
                    var (_, l1, l2, batchMean) = activities[--activity];
                    var share = batchMean ? 1f / rows : 1f;
                    Kernels.AddPenaltyGradient(g, before, share * l1, share * l2 * 2);
                    break;
            }
        }

        AddWeightPenaltyGradients();
    }

    /// <summary>The weight penalties added up in float32 as the training loss adds them, without allocating.</summary>
    public float WeightPenaltyTotal()
    {
        var total = 0f;
        foreach (var dense in modules)
        {
            if (dense?.Kernel is var (k1, k2))
            {
                var (abs, squares) = Kernels.Norms(Parameters.AsSpan(dense.KernelOffset, dense.Inputs * dense.Outputs));
                total += (float)((k1 * abs) + (k2 * squares));
            }

            if (dense?.Bias is var (b1, b2))
            {
                var (abs, squares) = Kernels.Norms(Parameters.AsSpan(dense.BiasOffset, dense.Outputs));
                total += (float)((b1 * abs) + (b2 * squares));
            }
        }

        return total;
    }

    /// <summary>Each weight penalty's value, named as the TorchSharp model names them (<c>layers.2.kernel</c>).</summary>
    public IEnumerable<PenaltyContribution> WeightPenalties()
    {
        foreach (var dense in modules.OfType<Dense>())
        {
            if (dense.Kernel is var (k1, k2))
            {
                var (abs, squares) = Kernels.Norms(Parameters.AsSpan(dense.KernelOffset, dense.Inputs * dense.Outputs));
                yield return new PenaltyContribution($"layers.{dense.Layer}.kernel", (float)((k1 * abs) + (k2 * squares)));
            }

            if (dense.Bias is var (b1, b2))
            {
                var (abs, squares) = Kernels.Norms(Parameters.AsSpan(dense.BiasOffset, dense.Outputs));
                yield return new PenaltyContribution($"layers.{dense.Layer}.bias", (float)((b1 * abs) + (b2 * squares)));
            }
        }
    }

    private static (float L1, float L2)? Coefficients(RegularizerSpec? regularizer) =>
        regularizer is null ? null : ((float)regularizer.L1Coefficient, (float)regularizer.L2Coefficient);

    // out = x W + b, row by row; a one-unit layer is a dot product per row.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Multiply(Dense dense, ReadOnlySpan<float> x, Span<float> output, int rows)
    {
        var kernel = Parameters.AsSpan(dense.KernelOffset, dense.Inputs * dense.Outputs);
        var bias = Parameters.AsSpan(dense.BiasOffset, dense.Outputs);
        for (var r = 0; r < rows; r++)
        {
            var row = x.Slice(r * dense.Inputs, dense.Inputs);
            var target = output.Slice(r * dense.Outputs, dense.Outputs);
            if (dense.Outputs == 1)
            {
                target[0] = Kernels.Dot(row, kernel) + bias[0];
                continue;
            }

            Kernels.Affine(row, kernel, bias, target);
        }
    }

    // dW += x^T g, db += column sums of g, and, when asked, dx = g W^T.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MultiplyBackward(Dense dense, ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> inputGradients, int rows)
    {
        var kernel = Parameters.AsSpan(dense.KernelOffset, dense.Inputs * dense.Outputs);
        var kernelGradients = Gradients.AsSpan(dense.KernelOffset, dense.Inputs * dense.Outputs);
        var biasGradients = Gradients.AsSpan(dense.BiasOffset, dense.Outputs);
        if (dense.Outputs > 1)
        {
            Kernels.AddOuterProducts(kernelGradients, x, g, rows, dense.Inputs, dense.Outputs);
        }

        for (var r = 0; r < rows; r++)
        {
            var row = x.Slice(r * dense.Inputs, dense.Inputs);
            var gradient = g.Slice(r * dense.Outputs, dense.Outputs);
            Kernels.AddScaled(biasGradients, gradient, 1);
            if (dense.Outputs == 1)
            {
                Kernels.AddScaled(kernelGradients, row, gradient[0]);
            }

            if (inputGradients.IsEmpty)
            {
                continue;
            }

            var target = inputGradients.Slice(r * dense.Inputs, dense.Inputs);
            if (dense.Outputs == 1)
            {
                target.Clear();
                Kernels.AddScaled(target, kernel, gradient[0]);
            }
            else
            {
                for (var i = 0; i < dense.Inputs; i++)
                {
                    target[i] = Kernels.Dot(gradient, kernel.Slice(i * dense.Outputs, dense.Outputs));
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddWeightPenaltyGradients()
    {
        foreach (var dense in modules.OfType<Dense>())
        {
            AddPenaltyGradient(dense.Kernel, dense.KernelOffset, dense.Inputs * dense.Outputs);
            AddPenaltyGradient(dense.Bias, dense.BiasOffset, dense.Outputs);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddPenaltyGradient((float L1, float L2)? penalty, int offset, int length)
    {
        if (penalty is not var (l1, l2))
        {
            return;
        }

        Kernels.AddPenaltyGradient(Gradients.AsSpan(offset, length), Parameters.AsSpan(offset, length), l1, l2 * 2);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DrawMask(Span<float> mask, double rate)
    {
        // As the TorchSharp model: keep where uniform >= rate, the uniforms drawn from the trial's generator row by row.
        var threshold = (float)rate;
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = uniform.NextFloat() >= threshold ? 1 : 0;
        }
    }

    // Each weight's values in draw order, and the generator where the draws left it (dropout masks draw from there on).
    private static (List<float[]> Values, TorchUniform Uniform) InitialWeights(List<(InitializerSpec Initializer, long[] Shape)> draws, ulong seed)
    {
        if (!draws.All(draw => InitializerFactory.Create(draw.Initializer).DrawsWithoutTorch))
        {
            return InitialWeightsThroughTorch(draws, seed);
        }

        var uniform = TorchUniform.Seeded(seed);
        return (draws.Select(draw => InitializerFactory.Create(draw.Initializer).Draw(draw.Shape, uniform)).ToList(), uniform);
    }

    /// <summary>Whether a model of <paramref name="layers"/> draws its initial weights through libtorch (a normal initializer).</summary>
    public static bool DrawsThroughTorch(IEnumerable<LayerSpec> layers) =>
        layers.OfType<DenseSpec>().Any(dense => !InitializerFactory.Create(dense.Kernel).DrawsWithoutTorch || !InitializerFactory.Create(dense.Bias).DrawsWithoutTorch);

    private static (List<float[]> Values, TorchUniform Uniform) InitialWeightsThroughTorch(List<(InitializerSpec Initializer, long[] Shape)> draws, ulong seed)
    {
        TorchRuntime.EnsureLoaded();
        using var generator = new torch.Generator(seed);
        using var _ = torch.no_grad();
        var values = new List<float[]>();
        foreach (var (initializer, shape) in draws)
        {
            using var drawn = InitializerFactory.Create(initializer).Create(shape, generator);
            values.Add(drawn.contiguous().data<float>().ToArray());
        }

        return (values, TorchUniform.From(generator));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Activate(Activation function, ReadOnlySpan<float> x, Span<float> y, int width)
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ActivateBackward(Activation function, Span<float> g, ReadOnlySpan<float> output, int width)
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

    private int[] Widths(int features)
    {
        var result = new int[steps.Length + 1];
        result[0] = features;
        for (var s = 0; s < steps.Length; s++)
        {
            result[s + 1] = steps[s] is NetworkStep.Run run && modules[run.Module] is { } dense ? dense.Outputs : result[s];
        }

        return result;
    }

    /// <summary>A dense layer's shape, where its weights sit in the parameter array, and its weight penalties.</summary>
    private sealed record Dense(int Layer, int Inputs, int Outputs, int KernelOffset, int BiasOffset, (float L1, float L2)? Kernel, (float L1, float L2)? Bias);
}
