using Sweep.Training.Specs;

namespace Sweep.Training.Optimizers;

/// <summary>
/// A setting of tf.keras's optimizers: its key in a sweep file, its range (the same in every optimizer that has it), and
/// where it sits in an <see cref="OptimizerSpec"/>. An optimizer has the settings its Keras defaults set
/// (<see cref="OptimizerDefinition.Defaults"/>).
/// </summary>
internal abstract record OptimizerSetting(string Key)
{
    /// <summary>Every setting, in the order of <see cref="OptimizerSpec"/>'s parameters, which is the order a sweep file's are read in.</summary>
    public static IReadOnlyList<OptimizerSetting> All { get; } =
    [
        new Number("learning_rate", spec => spec.LearningRate, (spec, value) => spec with { LearningRate = value }, 0.0, MinExclusive: true),
        new Number("beta_1", spec => spec.Beta1, (spec, value) => spec with { Beta1 = value }, 0.0, 1.0, MaxExclusive: true),
        new Number("beta_2", spec => spec.Beta2, (spec, value) => spec with { Beta2 = value }, 0.0, 1.0, MaxExclusive: true),
        new Number("epsilon", spec => spec.Epsilon, (spec, value) => spec with { Epsilon = value }, 0.0),
        new Flag("amsgrad", spec => spec.Amsgrad, (spec, value) => spec with { Amsgrad = value }),
        new Number("momentum", spec => spec.Momentum, (spec, value) => spec with { Momentum = value }, 0.0, 1.0),
        new Flag("nesterov", spec => spec.Nesterov, (spec, value) => spec with { Nesterov = value }),
        new Number("decay", spec => spec.Decay, (spec, value) => spec with { Decay = value }, 0.0),
        new Number("rho", spec => spec.Rho, (spec, value) => spec with { Rho = value }, 0.0, 1.0, MaxExclusive: true),
        new Flag("centered", spec => spec.Centered, (spec, value) => spec with { Centered = value }),
        new Number("initial_accumulator_value", spec => spec.InitialAccumulatorValue, (spec, value) => spec with { InitialAccumulatorValue = value }, 0.0),
    ];

    /// <summary>Whether <paramref name="spec"/> sets this setting.</summary>
    public abstract bool IsSetIn(OptimizerSpec spec);

    /// <summary><paramref name="spec"/> with this setting as <paramref name="optimizer"/> gives it, or as <paramref name="spec"/> has it where the sweep file leaves it out.</summary>
    /// <exception cref="SpecException">The value is not of the setting's type, or out of its range.</exception>
    public abstract OptimizerSpec Read(SpecObject optimizer, OptimizerSpec spec);

    private sealed record Number(
        string Key,
        Func<OptimizerSpec, double?> Get,
        Func<OptimizerSpec, double, OptimizerSpec> Set,
        double Min,
        double Max = double.PositiveInfinity,
        bool MinExclusive = false,
        bool MaxExclusive = false) : OptimizerSetting(Key)
    {
        public override bool IsSetIn(OptimizerSpec spec) => Get(spec) is not null;

        public override OptimizerSpec Read(SpecObject optimizer, OptimizerSpec spec) =>
            Set(spec, optimizer.Double(Key, Get(spec), Min, Max, MinExclusive, MaxExclusive));
    }

    private sealed record Flag(string Key, Func<OptimizerSpec, bool?> Get, Func<OptimizerSpec, bool, OptimizerSpec> Set) : OptimizerSetting(Key)
    {
        public override bool IsSetIn(OptimizerSpec spec) => Get(spec) is not null;

        public override OptimizerSpec Read(SpecObject optimizer, OptimizerSpec spec) => Set(spec, optimizer.Bool(Key, Get(spec)));
    }
}
