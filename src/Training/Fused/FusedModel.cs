using System.Runtime.CompilerServices;
using Sweep.Training.Engine;
using Sweep.Training.Specs;
using Sweep.Training.Torch;

namespace Sweep.Training.Fused;

/// <summary>
/// A sequential model of Dense, Activation, Dropout (and an identity Flatten) layers as plain float32 arrays: the
/// steps of its <see cref="NetworkPlan"/>, as <see cref="SequentialNetwork"/> runs them, computed by hand, forward
/// and backward. Weights are drawn by the same initializers from the same generator in the same order
/// (<see cref="FusedInitialWeights"/>), and every dropout mask is drawn from it as the TorchSharp model draws it, so
/// both start and step alike. All of a model's weights sit in one array (each <see cref="FusedDense"/> layer's kernel
/// and bias), its gradients in another.
/// </summary>
internal sealed class FusedModel
{
    private readonly NetworkStep[] steps;
    private readonly FusedDense?[] modules;
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
        (var drawn, uniform) = FusedInitialWeights.Draw(layers, features, seed);
        var dense = new List<FusedDense?>();
        var weights = new List<float>();
        var next = 0;
        var width = features;
        foreach (var (layer, index) in layers.Select((layer, index) => (layer, index)))
        {
            switch (layer)
            {
                case DenseSpec spec:
                    var (kernel, bias) = (drawn[next], drawn[next + 1]);
                    next += 2;
                    dense.Add(new FusedDense(index, width, spec.Units, weights.Count, weights.Count + kernel.Length, Coefficients(spec.KernelRegularizer), Coefficients(spec.BiasRegularizer)));
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
                    dense.Forward(Parameters, current, output, rows);
                    break;
                case NetworkStep.Activate activate:
                    FusedActivations.Forward(activate.Function, current, output, widths[s + 1]);
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
                        dense.Backward(Parameters, Gradients, before, g, default, rows);
                        AddWeightPenaltyGradients();
                        return;
                    }

                    var next = other.AsSpan(0, rows * dense.Inputs);
                    dense.Backward(Parameters, Gradients, before, g, next, rows);
                    (current, other) = (other, current);
                    g = next;
                    break;
                case NetworkStep.Activate activate:
                    FusedActivations.Backward(activate.Function, g, pass.Values[s].AsSpan(0, g.Length), widths[s + 1]);
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
            if (dense?.KernelPenalty(Parameters) is { } kernel)
            {
                total += kernel;
            }

            if (dense?.BiasPenalty(Parameters) is { } bias)
            {
                total += bias;
            }
        }

        return total;
    }

    /// <summary>Each weight penalty's value, named as the TorchSharp model names them (<c>layers.2.kernel</c>).</summary>
    public IEnumerable<PenaltyContribution> WeightPenalties()
    {
        foreach (var dense in modules.OfType<FusedDense>())
        {
            if (dense.KernelPenalty(Parameters) is { } kernel)
            {
                yield return new PenaltyContribution($"layers.{dense.Layer}.kernel", kernel);
            }

            if (dense.BiasPenalty(Parameters) is { } bias)
            {
                yield return new PenaltyContribution($"layers.{dense.Layer}.bias", bias);
            }
        }
    }

    private static (float L1, float L2)? Coefficients(RegularizerSpec? regularizer) =>
        regularizer is null ? null : ((float)regularizer.L1Coefficient, (float)regularizer.L2Coefficient);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddWeightPenaltyGradients()
    {
        foreach (var dense in modules.OfType<FusedDense>())
        {
            dense.AddPenaltyGradients(Parameters, Gradients);
        }
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
}
