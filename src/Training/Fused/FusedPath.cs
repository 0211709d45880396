using Sweep.Training.Specs;

namespace Sweep.Training.Fused;

/// <summary>Which trials the fused path trains: sequential models of dense layers on flat rows.</summary>
public static class FusedPath
{
    /// <summary>
    /// Null when <paramref name="spec"/> qualifies: only dense, activation and dropout layers (and a flatten, which is
    /// the identity on the flat rows datasets deliver), with any initializer, regularizer, loss, optimizer, schedule
    /// or callback. Otherwise why not, naming the first layer that is not supported.
    /// </summary>
    public static string? WhyNot(TrialSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        for (var i = 0; i < spec.Layers.Count; i++)
        {
            if (spec.Layers[i] is not (DenseSpec or ActivationSpec or DropoutSpec or FlattenSpec))
            {
                var type = spec.Layers[i].GetType().Name.Replace("Spec", "", StringComparison.Ordinal).ToLowerInvariant();
                return $"layers.{i} is a {type} layer; the fused path trains dense, activation, dropout and flatten layers";
            }

            if (spec.Layers[i] is FlattenSpec && spec.Layers.Take(i).Any(layer => layer is DenseSpec))
            {
                return $"layers.{i} flattens after a dense layer";
            }
        }

        return null;
    }
}
