using Sweep.Training.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace Sweep.Training.Torch.Optimizers;

/// <summary>
/// What every TensorFlow update rule shares, so that a subclass holds only its settings and its formula:
/// the step counter, skipping parameters without a gradient (TensorFlow applies no update to a variable
/// whose gradient is None), and the lifetime of the per-parameter state tensors ("slots", as TensorFlow calls them)
/// and of the constant scalars the rule passes to libtorch.
/// </summary>
/// <remarks>
/// Every <see cref="TorchSharp.Scalar"/> an update passes is held until the call returns: TorchSharp's implicit
/// conversion from a number makes a Scalar that nothing references once its handle is read, and a collection during the
/// native call can free it on the finalizer thread while libtorch reads it. Constants are made once per trial with
/// <see cref="Held(double)"/>; values that change each step are made with <c>using var s = value.ToScalar()</c>.
/// </remarks>
internal abstract class TensorFlowOptimizer : IOptimizer
{
    private readonly IReadOnlyList<Tensor> parameters;
    private readonly List<Tensor[]> slots = [];
    private readonly List<Scalar> constants = [];
    private long iterations;

    protected TensorFlowOptimizer(IReadOnlyList<Tensor> parameters, OptimizerSpec spec)
    {
        this.parameters = parameters;
        LearningRate = spec.LearningRate;
        One = Held(1);
    }

    public double LearningRate { get; set; }

    public void ZeroGrad()
    {
        foreach (var parameter in parameters)
        {
            parameter.grad?.zero_();
        }
    }

    public void Step()
    {
        // The counter advances even when no parameter has a gradient, as TensorFlow's iterations variable does.
        iterations++;
        BeginStep(iterations);
        using var _ = no_grad();
        for (var i = 0; i < parameters.Count; i++)
        {
            var gradient = parameters[i].grad;
            if (gradient is not null)
            {
                Update(i, parameters[i], gradient);
            }
        }
    }

    public void Dispose()
    {
        foreach (var slot in slots.SelectMany(s => s))
        {
            slot.Dispose();
        }

        foreach (var constant in constants)
        {
            constant.Dispose();
        }
    }

    /// <summary>
    /// Computes the scalars shared by all parameters this step. <paramref name="step"/> is TensorFlow's
    /// <c>t</c>: 1 on the first step; its <c>iterations</c> variable, counted before the step, is one less.
    /// </summary>
    protected virtual void BeginStep(long step)
    {
    }

    /// <summary>Updates <paramref name="parameter"/>, the <paramref name="index"/>-th, in place; runs under <c>no_grad</c>.</summary>
    protected abstract void Update(int index, Tensor parameter, Tensor gradient);

    /// <summary>One zero slot per parameter, disposed with the optimizer.</summary>
    protected Tensor[] Slots() => Register(parameters.Select(p => zeros_like(p)));

    /// <summary>One slot per parameter filled with <paramref name="fill"/>, disposed with the optimizer.</summary>
    protected Tensor[] Slots(double fill)
    {
        using var value = fill.ToScalar();
        return Register(parameters.Select(p => full_like(p, value)).ToArray());
    }

    /// <summary>1, for the <c>alpha</c> of a plain addition.</summary>
    protected Scalar One { get; }

    /// <summary>The Adam family's constants, held for the optimizer's lifetime.</summary>
    protected MomentScalars HeldMoments(double beta1, double beta2, double epsilon) =>
        new(Held(beta1), Held(1 - beta1), Held(beta2), Held(1 - beta2), Held(epsilon));

    /// <summary>A scalar for the optimizer's lifetime: one of its constants.</summary>
    protected Scalar Held(double value)
    {
        var scalar = value.ToScalar();
        constants.Add(scalar);
        return scalar;
    }

    // Slots live as long as the optimizer, so they must outlive whatever dispose scope it was built in.
    private Tensor[] Register(IEnumerable<Tensor> created)
    {
        var slot = created.Select(t => t.DetachFromDisposeScope()).ToArray();
        slots.Add(slot);
        return slot;
    }
}
