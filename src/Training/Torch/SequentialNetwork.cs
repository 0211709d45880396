using TorchSharp;
using Sweep.Training.Engine;
using Sweep.Training.Regularizers;
using Sweep.Training.Specs;
using TorchSharp.Modules;
using Sweep.Training.Torch.Layers;
using static TorchSharp.torch;

namespace Sweep.Training.Torch;

/// <summary>
/// A Keras <c>Sequential</c> model. Rows come in flat and are laid out in the dataset's input shape;
/// images are computed as NCHW and flattened channels-last, as Keras orders them. The final sigmoid
/// or softmax is left out of the forward pass: the loss is computed from the logits, as tf.keras does since 2.7.
/// </summary>
internal sealed class SequentialNetwork : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> layers;
    private readonly NetworkStep[] steps;
    private readonly (int Layer, WeightedLayer Module)[] weighted;
    private readonly long[] inputShape;
    private readonly Generator generator;

    /// <param name="layers">The layers, as read from a spec.</param>
    /// <param name="input">One row's shape, channels-last: (features), (timesteps, features) or (height, width, channels).</param>
    /// <param name="generator">The trial's generator: every weight and dropout mask is drawn from it.</param>
    public SequentialNetwork(IReadOnlyList<LayerSpec> layers, IReadOnlyList<int> input, Generator generator)
        : base(nameof(SequentialNetwork))
    {
        this.generator = generator;
        inputShape = [-1, .. input.Select(n => (long)n)];
        this.layers = new ModuleList<nn.Module<Tensor, Tensor>>();
        var weightedLayers = new List<(int, WeightedLayer)>();
        var shapes = LayerShapes.Infer(layers, input, "layers");
        for (var i = 0; i < layers.Count; i++)
        {
            var shape = i == 0 ? input.ToArray() : shapes[i - 1];
            nn.Module<Tensor, Tensor>? module = layers[i] switch
            {
                DenseSpec spec => new DenseLayer($"dense_{i}", shape[0], spec, generator),
                Conv2DSpec spec => new Conv2DLayer($"conv2d_{i}", shape, spec, generator),
                LstmSpec spec => new LstmLayer($"lstm_{i}", shape[1], spec, generator),
                MaxPooling2DSpec spec => new MaxPooling2DLayer($"max_pooling2d_{i}", shape, spec),
                FlattenSpec => new ReshapeLayer($"flatten_{i}", shapes[i]),
                ReshapeSpec spec => new ReshapeLayer($"reshape_{i}", spec.TargetShape),
                _ => null,
            };
            if (module is not null)
            {
                this.layers.Add(module);
            }

            if (module is WeightedLayer layer)
            {
                weightedLayers.Add((i, layer));
            }
        }

        (steps, ObservedLayerIndex) = Plan(layers);
        weighted = weightedLayers.ToArray();
        RegisterComponents();
    }

    /// <summary>The layer whose activated output is observed, or -1.</summary>
    public int ObservedLayerIndex { get; }

    public override Tensor forward(Tensor input) => Run(input, training: false, observe: false).Logits;

    /// <summary>
    /// Runs the model on flat rows. In training, dropout is active and the activity penalty is reduced per
    /// batch; in evaluation, dropout is the identity and each activity penalty is returned per row.
    /// </summary>
    public ForwardPass Run(Tensor input, bool training, bool observe)
    {
        var x = Layouts.FromKeras(input.reshape(inputShape));
        var rows = input.shape[0];
        Tensor? penalty = null;
        var activities = new List<ActivityOutput>();
        Tensor? observed = null;
        foreach (var step in steps)
        {
            switch (step)
            {
                case NetworkStep.Run run:
                    x = layers[run.Module].call(x);
                    break;
                case NetworkStep.Activate activate:
                    x = Activations.Apply(activate.Function, x);
                    break;
                case NetworkStep.Drop drop when training:
                    // Inverted dropout as Keras: keep where uniform >= rate, scale the kept units by 1 / (1 - rate).
                    using (var rate = drop.Rate.ToScalar())
                    using (var scale = (1.0 / (1.0 - drop.Rate)).ToScalar())
                    using (var keep = rand(x.shape, generator: generator).ge_(rate))
                    {
                        x = x.mul(keep).mul_(scale);
                    }

                    break;
                case NetworkStep.Penalize penalize when training:
                    var total = penalize.Penalty.Total(x);
                    if (penalize.Reduction == ActivityReduction.BatchMean)
                    {
                        using var batch = rows.ToScalar();
                        total = total.div_(batch);
                    }

                    using (var one = 1.ToScalar())
                    {
                        penalty = penalty is null ? total : penalty.add_(total, one);
                    }
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

    /// <summary>Every weight penalty, named <c>layers.I.kernel</c>, <c>layers.I.recurrent</c> and <c>layers.I.bias</c> after the spec's layer index.</summary>
    public IEnumerable<(string Name, Tensor Value)> WeightPenalties() =>
        weighted.SelectMany(w => w.Module.WeightPenalties().Select(p => ($"layers.{w.Layer}.{p.Weight}", p.Value)));

    /// <summary>The sum of the weight penalties (a scalar), or null without any.</summary>
    public Tensor? WeightPenalty()
    {
        Tensor? sum = null;
        foreach (var (_, value) in WeightPenalties())
        {
            using var one = 1.ToScalar();
            sum = sum is null ? value : sum.add_(value, one);
        }

        return sum;
    }

    /// <summary>
    /// The steps of a model, flattened: <see cref="NetworkStep.Run"/> k runs the k-th layer that has a module (a
    /// weighted layer, pooling, flatten or reshape); activations, dropout, activity penalties before or after the
    /// activation, and the observation point follow. The final sigmoid or softmax and linear activations are left
    /// out (the loss reads logits). Also the layer observed for sparsity, or -1.
    /// </summary>
    public static (NetworkStep[] Steps, int Observed) Plan(IReadOnlyList<LayerSpec> layers)
    {
        var plan = new List<NetworkStep>();
        var observed = ObservedLayer(layers);
        var modules = 0;
        for (var i = 0; i < layers.Count; i++)
        {
            if (layers[i] is DenseSpec or Conv2DSpec or LstmSpec or MaxPooling2DSpec or FlattenSpec or ReshapeSpec)
            {
                plan.Add(new NetworkStep.Run(modules++));
            }

            plan.AddRange(layers[i] switch
            {
                DenseSpec spec => Activated(i, spec.Activation, spec.ActivityRegularizer),
                Conv2DSpec spec => Activated(i, spec.Activation, spec.ActivityRegularizer),

                // The LSTM applies its activation inside the recurrence; its output is penalized as it is.
                LstmSpec spec => Activated(i, Activation.Linear, spec.ActivityRegularizer),
                ActivationSpec spec => [new NetworkStep.Activate(spec.Activation)],
                DropoutSpec { Rate: > 0 } spec => [new NetworkStep.Drop(spec.Rate)],
                _ => [],
            });

            if (i == observed)
            {
                plan.Add(new NetworkStep.Observe());
            }
        }

        // The loss reads logits, so the final sigmoid or softmax (checked by the spec reader) is not applied here.
        var last = plan.FindLastIndex(step => step is NetworkStep.Activate { Function: Activation.Sigmoid or Activation.Softmax });
        plan.RemoveAt(last);
        return (plan.Where(step => step is not NetworkStep.Activate { Function: Activation.Linear }).ToArray(), observed);
    }

    // The layer's activation, with its activity regularizer before or after it.
    private static IEnumerable<NetworkStep> Activated(int layer, Activation activation, ActivityRegularizerSpec? activity)
    {
        var penalize = activity is null ? null : new NetworkStep.Penalize(layer, Penalties.Create(activity.Penalty), activity.Reduction);
        if (activity?.Placement == Placement.Before)
        {
            yield return penalize!;
        }

        yield return new NetworkStep.Activate(activation);
        if (activity?.Placement == Placement.After)
        {
            yield return penalize!;
        }
    }

    private static ActivityRegularizerSpec? Activity(LayerSpec layer) => layer switch
    {
        DenseSpec dense => dense.ActivityRegularizer,
        Conv2DSpec conv => conv.ActivityRegularizer,
        LstmSpec lstm => lstm.ActivityRegularizer,
        _ => null,
    };

    // The first hidden weighted layer with an activity regularizer, else the first hidden weighted layer;
    // observed after the Activation layers that directly follow it, as the next layer sees it.
    private static int ObservedLayer(IReadOnlyList<LayerSpec> layers)
    {
        var hidden = Enumerable.Range(0, layers.Count - 1).Where(i => layers[i] is DenseSpec or Conv2DSpec or LstmSpec).ToArray();
        if (hidden.Length == 0)
        {
            return -1;
        }

        var observed = hidden.FirstOrDefault(i => Activity(layers[i]) is not null, hidden[0]);
        while (observed + 1 < layers.Count - 1 && layers[observed + 1] is ActivationSpec)
        {
            observed++;
        }

        return observed;
    }
}
