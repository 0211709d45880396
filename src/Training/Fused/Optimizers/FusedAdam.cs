using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Sweep.Training.Optimizers;
using Sweep.Training.Specs;

namespace Sweep.Training.Fused.Optimizers;

/// <summary>Adam as <see cref="Torch.Optimizers.TensorFlowAdam"/> computes it: the epsilon-hat form, with amsgrad if asked.</summary>
internal sealed class FusedAdam(OptimizerSpec spec, int size) : FusedOptimizer(spec)
{
    private readonly double beta1 = spec.Setting(s => s.Beta1);
    private readonly double beta2 = spec.Setting(s => s.Beta2);
    private readonly float epsilon = (float)spec.Setting(s => s.Epsilon);
    private readonly float[] first = new float[size];
    private readonly float[] second = new float[size];
    private readonly float[]? maxSecond = spec.Setting(s => s.Amsgrad) ? new float[size] : null;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Update(long step, Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        var alpha = (float)(LearningRate * Math.Sqrt(1 - Math.Pow(beta2, step)) / (1 - Math.Pow(beta1, step)));
        var (b1, b2) = ((float)beta1, (float)beta2);
        var (c1, c2) = ((float)(1 - beta1), (float)(1 - beta2));
        var i = 0;
        if (maxSecond is null)
        {
            // The same operations as the loop below, eight at a time: fused multiply-adds, square roots and divisions
            // are correctly rounded in vectors too, so the bits do not change.
            var (vb1, vb2, vc1, vc2) = (Vector256.Create(b1), Vector256.Create(b2), Vector256.Create(c1), Vector256.Create(c2));
            var (rate, eps) = (Vector256.Create(-alpha), Vector256.Create(epsilon));
            ref var p = ref MemoryMarshal.GetReference(parameters);
            ref var g = ref MemoryMarshal.GetReference(gradients);
            ref var m = ref MemoryMarshal.GetArrayDataReference(first);
            ref var v = ref MemoryMarshal.GetArrayDataReference(second);
            for (; i <= parameters.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var gi = Vector256.LoadUnsafe(ref g, (nuint)i);
                var mi = Vector256.FusedMultiplyAdd(vc1, gi, Vector256.LoadUnsafe(ref m, (nuint)i) * vb1);
                var vi = Vector256.FusedMultiplyAdd(vc2 * gi, gi, Vector256.LoadUnsafe(ref v, (nuint)i) * vb2);
                mi.StoreUnsafe(ref m, (nuint)i);
                vi.StoreUnsafe(ref v, (nuint)i);
                var update = rate * mi / (Vector256.Sqrt(vi) + eps);
                (Vector256.LoadUnsafe(ref p, (nuint)i) + update).StoreUnsafe(ref p, (nuint)i);
            }
        }

        for (; i < parameters.Length; i++)
        {
            var g = gradients[i];
            first[i] = MathF.FusedMultiplyAdd(c1, g, first[i] * b1);
            second[i] = MathF.FusedMultiplyAdd(c2 * g, g, second[i] * b2);
            var v = second[i];
            if (maxSecond is not null)
            {
                v = maxSecond[i] = MathF.Max(maxSecond[i], v);
            }

            parameters[i] += -alpha * first[i] / (MathF.Sqrt(v) + epsilon);
        }
    }
}
