using Sweep.Training.Specs;

namespace Sweep.Training.Initializers;

/// <summary>
/// Builds the initializer an <see cref="InitializerSpec"/> names, with Keras's defaults (tf.keras 2.x) for
/// the parameters left null.
/// </summary>
internal static class InitializerFactory
{
    /// <summary>The names <see cref="Create"/> accepts, as Keras spells them.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform", "lecun_normal",
        "random_uniform", "random_normal", "truncated_normal", "orthogonal", "zeros", "ones", "constant",
    ];

    /// <exception cref="ArgumentException">The name is unknown, or a parameter is set that the named
    /// initializer does not have.</exception>
    public static IInitializer Create(InitializerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        IInitializer initializer = spec.Name switch
        {
            "glorot_uniform" => VarianceScalingInitializer.GlorotUniform,
            "glorot_normal" => VarianceScalingInitializer.GlorotNormal,
            "he_uniform" => VarianceScalingInitializer.HeUniform,
            "he_normal" => VarianceScalingInitializer.HeNormal,
            "lecun_uniform" => VarianceScalingInitializer.LecunUniform,
            "lecun_normal" => VarianceScalingInitializer.LecunNormal,
            "random_uniform" => new RandomUniformInitializer(
                spec.Minval ?? RandomUniformInitializer.DefaultMinval,
                spec.Maxval ?? RandomUniformInitializer.DefaultMaxval),
            "random_normal" => new RandomNormalInitializer(
                spec.Mean ?? RandomNormalInitializer.DefaultMean,
                spec.Stddev ?? RandomNormalInitializer.DefaultStddev),
            "truncated_normal" => new TruncatedNormalInitializer(
                spec.Mean ?? TruncatedNormalInitializer.DefaultMean,
                spec.Stddev ?? TruncatedNormalInitializer.DefaultStddev),
            "orthogonal" => new OrthogonalInitializer(spec.Gain ?? OrthogonalInitializer.DefaultGain),
            "zeros" => ConstantInitializer.Zeros,
            "ones" => ConstantInitializer.Ones,
            "constant" => new ConstantInitializer(spec.Value ?? ConstantInitializer.DefaultValue),
            _ => throw new ArgumentException(
                $"Unknown initializer '{spec.Name}'. Allowed: {string.Join(", ", Names)}.", nameof(spec)),
        };

        RejectForeignParameters(spec);
        return initializer;
    }

    // A parameter the initializer does not take would otherwise be ignored without a word.
    private static void RejectForeignParameters(InitializerSpec spec)
    {
        var allowed = spec.Name switch
        {
            "random_uniform" => new[] { "minval", "maxval" },
            "random_normal" or "truncated_normal" => ["mean", "stddev"],
            "orthogonal" => ["gain"],
            "constant" => ["value"],
            _ => [],
        };
        (string Name, double? Value)[] given =
        [
            ("minval", spec.Minval), ("maxval", spec.Maxval), ("mean", spec.Mean),
            ("stddev", spec.Stddev), ("value", spec.Value), ("gain", spec.Gain),
        ];
        var foreign = given.Where(p => p.Value is not null && !allowed.Contains(p.Name)).Select(p => p.Name).ToList();
        if (foreign.Count > 0)
        {
            var takes = allowed.Length == 0 ? "no parameters" : string.Join(", ", allowed);
            throw new ArgumentException(
                $"Initializer '{spec.Name}' has no parameter {string.Join(", ", foreign)}; it takes {takes}.",
                nameof(spec));
        }
    }
}
