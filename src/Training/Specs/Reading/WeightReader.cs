using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sweep.Training.Specs.Reading;

/// <summary>Reads initializers and weight regularizers, filling in Keras's defaults.</summary>
internal static class WeightReader
{
    public static readonly string[] InitializerNames =
    [
        "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform", "lecun_normal",
        "random_uniform", "random_normal", "truncated_normal", "orthogonal", "zeros", "ones", "constant",
    ];

    public static readonly string[] RegularizerKinds = ["none", "l1", "l2", "l1_l2"];

    /// <summary>An initializer written as a name (<c>he_normal</c>) or a mapping (<c>{name: random_uniform, minval: -0.1}</c>).</summary>
    public static InitializerSpec Initializer(SpecObject owner, string key, InitializerSpec fallback)
    {
        var raw = owner.Raw(key);
        if (raw is null)
        {
            return fallback;
        }

        var initializer = raw is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? new SpecObject(new JsonObject { ["name"] = value.GetValue<string>() }, owner.KeyPath(key))
            : new SpecObject(raw, owner.KeyPath(key));
        var name = initializer.Choice("name", null, InitializerNames);
        InitializerSpec spec;
        switch (name)
        {
            case "random_uniform":
                initializer.Allow("name", "minval", "maxval");
                var minval = initializer.Double("minval", -0.05, double.NegativeInfinity);
                var maxval = initializer.Double("maxval", 0.05, double.NegativeInfinity);
                if (maxval <= minval)
                {
                    throw new SpecException(initializer.KeyPath("maxval"), $"must be above minval ({SpecObject.Format(minval)})");
                }

                spec = new InitializerSpec(name, Minval: minval, Maxval: maxval);
                break;
            case "random_normal" or "truncated_normal":
                initializer.Allow("name", "mean", "stddev");
                spec = new InitializerSpec(
                    name,
                    Mean: initializer.Double("mean", 0.0, double.NegativeInfinity),
                    Stddev: initializer.Double("stddev", 0.05, 0.0, minExclusive: true));
                break;
            case "constant":
                initializer.Allow("name", "value");
                spec = new InitializerSpec(name, Value: initializer.Double("value", 0.0, double.NegativeInfinity));
                break;
            case "orthogonal":
                initializer.Allow("name", "gain");
                spec = new InitializerSpec(name, Gain: initializer.Double("gain", 1.0, 0.0, minExclusive: true));
                break;
            default:
                initializer.Allow("name");
                spec = new InitializerSpec(name);
                break;
        }

        return spec;
    }

    /// <summary>A weight regularizer mapping; <c>kind: none</c> and absence both give null.</summary>
    public static RegularizerSpec? Regularizer(SpecObject owner, string key)
    {
        if (!owner.Has(key))
        {
            return null;
        }

        var regularizer = owner.Object(key);
        regularizer.Allow("kind", "l1", "l2");
        var kind = regularizer.Choice("kind", null, RegularizerKinds);
        var l1 = regularizer.Double("l1", RegularizerSpec.DefaultCoefficient, 0.0);
        var l2 = regularizer.Double("l2", RegularizerSpec.DefaultCoefficient, 0.0);
        return kind switch
        {
            "l1" => new RegularizerSpec(RegularizerKind.L1, l1, null),
            "l2" => new RegularizerSpec(RegularizerKind.L2, null, l2),
            "l1_l2" => new RegularizerSpec(RegularizerKind.L1L2, l1, l2),
            _ => null,
        };
    }
}
