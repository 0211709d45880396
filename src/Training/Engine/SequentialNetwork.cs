using Sweep.Training.Regularizers;
using Sweep.Training.Specs;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sweep.Training.Engine;

/// <summary>
/// A Keras <c>Sequential</c> of Dense, Activation and Dropout layers. The final sigmoid or softmax is
/// left out of the forward pass: the loss is computed from the logits, as tf.keras does since 2.7.
/// </summary>
internal sealed class SequentialNetwork : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<DenseLayer> dense;
    private readonly NetworkStep[] steps;
    private readonly int[] denseLayerIndex;
    private readonly Generator generator;

    public SequentialNetwork(IReadOnlyList<LayerSpec> layers, int inputs, Generator generator)
        : base(nameof(SequentialNetwork))
    {
        this.generator = generator;
        dense = new ModuleList<DenseLayer>();
        var layerOfDense = new List<int>();
        var plan = new List<NetworkStep>();
        var observed = ObservedLayer(layers);
        var width = inputs;
        for (var i = 0; i < layers.Count; i++)
        {
            switch (layers[i])
            {
                case DenseSpec spec:
                    dense.Add(new DenseLayer($"dense_{dense.Count}", width, spec, generator));
                    layerOfDense.Add(i);
                    width = spec.Units;
                    plan.Add(new NetworkStep.Linear(dense.Count - 1));
                    var activity = spec.ActivityRegularizer;
                    var penalize = activity is null ? null : new NetworkStep.Penalize(i, Penalties.Create(activity.Penalty), activity.Reduction);
                    if (activity?.Placement == Placement.Before)
                    {
                        plan.Add(penalize!);
                    }

                    plan.Add(new NetworkStep.Activate(spec.Activation));
                    if (activity?.Placement == Placement.After)
                    {
                        plan.Add(penalize!);
                    }

                    break;
                case ActivationSpec spec:
                    plan.Add(new NetworkStep.Activate(spec.Activation));
                    break;
                case DropoutSpec spec when spec.Rate > 0:
                    plan.Add(new NetworkStep.Drop(spec.Rate));
                    break;
            }

            if (i == observed)
            {
                plan.Add(new NetworkStep.Observe());
            }
        }

        // The loss reads logits, so the final sigmoid or softmax (checked by the spec reader) is not applied here.
        var last = plan.FindLastIndex(step => step is NetworkStep.Activate { Function: Activation.Sigmoid or Activation.Softmax });
        plan.RemoveAt(last);
        steps = plan.Where(step => step is not NetworkStep.Activate { Function: Activation.Linear }).ToArray();
        denseLayerIndex = layerOfDense.ToArray();
        ObservedLayerIndex = observed;
        RegisterComponents();
    }

    /// <summary>The layer whose activated output is observed, or -1.</summary>
    public int ObservedLayerIndex { get; }

    public override Tensor forward(Tensor input) => Run(input, training: false, observe: false).Logits;

    /// <summary>
    /// Runs the model. In training, dropout is active and the activity penalty is reduced per batch;
    /// in evaluation, dropout is the identity and each activity penalty is returned per row.
    /// </summary>
    public ForwardPass Run(Tensor input, bool training, bool observe)
    {
        var x = input;
        var rows = input.shape[0];
        Tensor? penalty = null;
        var activities = new List<ActivityOutput>();
        Tensor? observed = null;
        foreach (var step in steps)
        {
            switch (step)
            {
                case NetworkStep.Linear linear:
                    x = dense[linear.Layer].forward(x);
                    break;
                case NetworkStep.Activate activate:
                    x = Apply(activate.Function, x);
                    break;
                case NetworkStep.Drop drop when training:
                    // Inverted dropout as Keras: keep where uniform >= rate, scale the kept units by 1 / (1 - rate).
                    using (var keep = rand(x.shape, generator: generator).ge_(drop.Rate))
                    {
                        x = x.mul(keep).mul_(1.0 / (1.0 - drop.Rate));
                    }

                    break;
                case NetworkStep.Penalize penalize when training:
                    var total = penalize.Penalty.Total(x);
                    if (penalize.Reduction == ActivityReduction.BatchMean)
                    {
                        total = total.div_(rows);
                    }

                    penalty = penalty is null ? total : penalty.add_(total);
                    break;
                case NetworkStep.Penalize penalize:
                    activities.Add(new ActivityOutput(penalize.Layer, penalize.Reduction, penalize.Penalty.PerRow(x)));
                    break;
                case NetworkStep.Observe when observe:
                    observed = x;
                    break;
            }
        }

        return new ForwardPass(x, penalty, activities, observed);
    }

    /// <summary>Every kernel and bias penalty, named <c>layers.I.kernel</c> and <c>layers.I.bias</c> after the spec's layer index.</summary>
    public IEnumerable<(string Name, Tensor Value)> WeightPenalties()
    {
        for (var d = 0; d < dense.Count; d++)
        {
            if (dense[d].KernelPenalty() is { } kernel)
            {
                yield return ($"layers.{denseLayerIndex[d]}.kernel", kernel);
            }

            if (dense[d].BiasPenalty() is { } bias)
            {
                yield return ($"layers.{denseLayerIndex[d]}.bias", bias);
            }
        }
    }

    /// <summary>The sum of the weight penalties (a scalar), or null without any.</summary>
    public Tensor? WeightPenalty()
    {
        Tensor? sum = null;
        foreach (var (_, value) in WeightPenalties())
        {
            sum = sum is null ? value : sum.add_(value);
        }

        return sum;
    }

    private static Tensor Apply(Activation function, Tensor x) => function switch
    {
        Activation.Relu => nn.functional.relu(x),
        Activation.Sigmoid => x.sigmoid(),
        Activation.Tanh => x.tanh(),
        Activation.Softmax => x.softmax(1),
        _ => x,
    };

    // The first hidden dense layer with an activity regularizer, else the first hidden dense layer;
    // observed after the Activation layers that directly follow it, as the next layer sees it.
    private static int ObservedLayer(IReadOnlyList<LayerSpec> layers)
    {
        var hidden = Enumerable.Range(0, layers.Count - 1).Where(i => layers[i] is DenseSpec).ToArray();
        if (hidden.Length == 0)
        {
            return -1;
        }

        var observed = hidden.FirstOrDefault(i => layers[i] is DenseSpec { ActivityRegularizer: not null }, hidden[0]);
        while (observed + 1 < layers.Count - 1 && layers[observed + 1] is ActivationSpec)
        {
            observed++;
        }

        return observed;
    }
}
