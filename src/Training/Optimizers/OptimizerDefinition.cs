using Sweep.Training.Specs;

namespace Sweep.Training.Optimizers;

/// <summary>One tf.keras 2.x optimizer, described once; <see cref="OptimizerRegistry"/> lists them.</summary>
/// <param name="Defaults">
/// Its name and Keras's default for each of its settings; the settings it does not have are null. A sweep file may give
/// it the settings set here and no others, each within its range (<see cref="OptimizerSetting"/>).
/// </param>
internal sealed record OptimizerDefinition(OptimizerSpec Defaults)
{
    /// <summary>The name, as tf.keras spells it.</summary>
    public string Name => Defaults.Name;

    /// <summary>The settings of <paramref name="optimizer"/>, a mapping that names this optimizer, each one left out at its default.</summary>
    /// <exception cref="SpecException">A key this optimizer does not have, or a value out of its range.</exception>
    public OptimizerSpec Read(SpecObject optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var settings = OptimizerSetting.All.Where(setting => setting.IsSetIn(Defaults)).ToArray();
        optimizer.Allow(["name", .. settings.Select(setting => setting.Key)]);
        return settings.Aggregate(Defaults, (spec, setting) => setting.Read(optimizer, spec));
    }
}
