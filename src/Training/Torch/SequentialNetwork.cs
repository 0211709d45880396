using Sweep.Training.Engine;
using Sweep.Training.Regularizers;
using Sweep.Training.Specs;
using Sweep.Training.Torch.Layers;
using TorchSharp;
using TorchSharp.Modules;
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
    private readonly IPenalty?[] activityPenalties;
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

        Plan = NetworkPlan.Of(layers);
        steps = [.. Plan.Steps];
        activityPenalties = [.. steps.Select(step => step is NetworkStep.Penalize penalize ? Penalties.Create(penalize.Penalty) : null)];
        weighted = weightedLayers.ToArray();
        RegisterComponents();
    }

    /// <summary>The steps the forward pass runs.</summary>
    public NetworkPlan Plan { get; }

    /// <summary>The layer whose activated output is observed, or -1.</summary>
    public int ObservedLayerIndex => Plan.ObservedLayer;

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
        for (var s = 0; s < steps.Length; s++)
        {
            switch (steps[s])
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
                    var total = activityPenalties[s]!.Total(x);
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
                    activities.Add(new ActivityOutput(penalize.Layer, penalize.Reduction, activityPenalties[s]!.PerRow(x)));
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
}
