using Sweep.Training.Optimizers;

namespace Sweep.Training.Specs.Reading;

/// <summary>Reads <c>optimizer</c>: each tf.keras optimizer with its own settings and defaults (<see cref="OptimizerRegistry"/>).</summary>
internal static class OptimizerReader
{
    public static OptimizerSpec Read(SpecObject? optimizer)
    {
        if (optimizer is null)
        {
            return OptimizerSpec.Adam();
        }

        var name = optimizer.Choice("name", null, OptimizerRegistry.Names);
        return OptimizerRegistry.Named(name).Read(optimizer);
    }
}
