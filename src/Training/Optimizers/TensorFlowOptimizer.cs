using Sweep.Training.Specs;
using static TorchSharp.torch;

namespace Sweep.Training.Optimizers;

/// <summary>
/// What every TensorFlow update rule shares, so that a subclass holds only its settings and its formula:
/// the step counter, skipping parameters without a gradient (TensorFlow applies no update to a variable
/// whose gradient is None), and the lifetime of the per-parameter state tensors ("slots", as TensorFlow calls them).
/// </summary>
internal abstract class TensorFlowOptimizer : IOptimizer
{
    private readonly IReadOnlyList<Tensor> parameters;
    private readonly List<Tensor[]> slots = [];
    private long iterations;

    protected TensorFlowOptimizer(IReadOnlyList<Tensor> parameters, OptimizerSpec spec)
    {
        this.parameters = parameters;
        LearningRate = spec.LearningRate;
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
    protected Tensor[] Slots(double fill) => Register(parameters.Select(p => full_like(p, fill)));

    // Slots live as long as the optimizer, so they must outlive whatever dispose scope it was built in.
    private Tensor[] Register(IEnumerable<Tensor> created)
    {
        var slot = created.Select(t => t.DetachFromDisposeScope()).ToArray();
        slots.Add(slot);
        return slot;
    }
}
