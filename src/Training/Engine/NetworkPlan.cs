using Sweep.Training.Specs;

namespace Sweep.Training.Engine;

/// <summary>
/// A sequential model's steps, flattened, as both engines run them: <see cref="NetworkStep.Run"/> k runs the k-th layer
/// that has a module (a weighted layer, pooling, flatten or reshape); activations, dropout, activity penalties before or
/// after the activation, and the observation point follow. The final sigmoid or softmax and linear activations are left
/// out: the loss reads logits.
/// </summary>
internal sealed class NetworkPlan
{
    private NetworkPlan(NetworkStep[] steps, int observedLayer)
    {
        Steps = steps;
        ObservedLayer = observedLayer;
        Activities = [.. steps.OfType<NetworkStep.Penalize>()];
    }

    /// <summary>The steps in the order a forward pass runs them.</summary>
    public IReadOnlyList<NetworkStep> Steps { get; }

    /// <summary>The layer observed for sparsity, or -1.</summary>
    public int ObservedLayer { get; }

    /// <summary>The activity penalties in the order a forward pass meets them, which is the order evaluations report them in.</summary>
    public IReadOnlyList<NetworkStep.Penalize> Activities { get; }

    /// <summary>The plan of a model of <paramref name="layers"/>, as read from a spec.</summary>
    public static NetworkPlan Of(IReadOnlyList<LayerSpec> layers)
    {
        var plan = new List<NetworkStep>();
        var observed = ObservedLayerOf(layers);
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
        return new NetworkPlan([.. plan.Where(step => step is not NetworkStep.Activate { Function: Activation.Linear })], observed);
    }

    // The layer's activation, with its activity regularizer before or after it.
    private static IEnumerable<NetworkStep> Activated(int layer, Activation activation, ActivityRegularizerSpec? activity)
    {
        var penalize = activity is null ? null : new NetworkStep.Penalize(layer, activity.Penalty, activity.Reduction);
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
    private static int ObservedLayerOf(IReadOnlyList<LayerSpec> layers)
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
