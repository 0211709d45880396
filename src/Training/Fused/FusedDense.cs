using System.Runtime.CompilerServices;

namespace Sweep.Training.Fused;

/// <summary>
/// A dense layer of a <see cref="FusedModel"/>: <c>out = x W + b</c> forward, its gradients backward, and its weight
/// penalties. Its kernel (stored (in, out) as Keras stores it) and its bias sit in the model's one parameter array at
/// <paramref name="KernelOffset"/> and <paramref name="BiasOffset"/>, their gradients at the same places in the
/// gradient array.
/// </summary>
/// <param name="Layer">The layer's index in the spec, which names its penalties.</param>
/// <param name="Inputs">The width of its input rows.</param>
/// <param name="Outputs">Its units.</param>
/// <param name="KernelOffset">Where its kernel starts in the parameter array.</param>
/// <param name="BiasOffset">Where its bias starts.</param>
/// <param name="Kernel">The kernel's L1 and L2 coefficients, if it is penalized.</param>
/// <param name="Bias">The bias's, if it is penalized.</param>
internal sealed record FusedDense(int Layer, int Inputs, int Outputs, int KernelOffset, int BiasOffset, (float L1, float L2)? Kernel, (float L1, float L2)? Bias)
{
    // out = x W + b, row by row; a one-unit layer is a dot product per row.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Forward(float[] parameters, ReadOnlySpan<float> x, Span<float> output, int rows)
    {
        var kernel = parameters.AsSpan(KernelOffset, Inputs * Outputs);
        var bias = parameters.AsSpan(BiasOffset, Outputs);
        for (var r = 0; r < rows; r++)
        {
            var row = x.Slice(r * Inputs, Inputs);
            var target = output.Slice(r * Outputs, Outputs);
            if (Outputs == 1)
            {
                target[0] = Kernels.Dot(row, kernel) + bias[0];
                continue;
            }

            Kernels.Affine(row, kernel, bias, target);
        }
    }

    // dW += x^T g, db += column sums of g, and, when asked (inputGradients not empty), dx = g W^T.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Backward(float[] parameters, float[] gradients, ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> inputGradients, int rows)
    {
        var kernel = parameters.AsSpan(KernelOffset, Inputs * Outputs);
        var kernelGradients = gradients.AsSpan(KernelOffset, Inputs * Outputs);
        var biasGradients = gradients.AsSpan(BiasOffset, Outputs);
        if (Outputs > 1)
        {
            Kernels.AddOuterProducts(kernelGradients, x, g, rows, Inputs, Outputs);
        }

        for (var r = 0; r < rows; r++)
        {
            var row = x.Slice(r * Inputs, Inputs);
            var gradient = g.Slice(r * Outputs, Outputs);
            Kernels.AddScaled(biasGradients, gradient, 1);
            if (Outputs == 1)
            {
                Kernels.AddScaled(kernelGradients, row, gradient[0]);
            }

            if (inputGradients.IsEmpty)
            {
                continue;
            }

            var target = inputGradients.Slice(r * Inputs, Inputs);
            if (Outputs == 1)
            {
                target.Clear();
                Kernels.AddScaled(target, kernel, gradient[0]);
            }
            else
            {
                for (var i = 0; i < Inputs; i++)
                {
                    target[i] = Kernels.Dot(gradient, kernel.Slice(i * Outputs, Outputs));
                }
            }
        }
    }

    /// <summary>The kernel's penalty in float32, or null where it has none.</summary>
    public float? KernelPenalty(float[] parameters) => Penalty(Kernel, parameters.AsSpan(KernelOffset, Inputs * Outputs));

    /// <summary>The bias's penalty in float32, or null where it has none.</summary>
    public float? BiasPenalty(float[] parameters) => Penalty(Bias, parameters.AsSpan(BiasOffset, Outputs));

    /// <summary>Adds the weight penalties' gradients to <paramref name="gradients"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddPenaltyGradients(float[] parameters, float[] gradients)
    {
        AddPenaltyGradient(Kernel, parameters, gradients, KernelOffset, Inputs * Outputs);
        AddPenaltyGradient(Bias, parameters, gradients, BiasOffset, Outputs);
    }

    private static float? Penalty((float L1, float L2)? penalty, ReadOnlySpan<float> weights)
    {
        if (penalty is not var (l1, l2))
        {
            return null;
        }

        var (abs, squares) = Kernels.Norms(weights);
        return (float)((l1 * abs) + (l2 * squares));
    }

    private static void AddPenaltyGradient((float L1, float L2)? penalty, float[] parameters, float[] gradients, int offset, int length)
    {
        if (penalty is var (l1, l2))
        {
            Kernels.AddPenaltyGradient(gradients.AsSpan(offset, length), parameters.AsSpan(offset, length), l1, l2 * 2);
        }
    }
}
