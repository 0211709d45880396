using Sweep.Training.Fused.Optimizers;
using Sweep.Training.Specs;
using Sweep.Training.Torch.Optimizers;
using static TorchSharp.torch;

namespace Sweep.Training.Optimizers;

/// <summary>
/// tf.keras's <c>Adadelta(learning_rate=0.001, rho=0.95, epsilon=1e-07)</c>; its rule is
/// <see cref="TensorFlowAdadelta"/> on TorchSharp, <see cref="FusedAdadelta"/> on the fused path.
/// </summary>
internal sealed class Adadelta : OptimizerDefinition
{
    public const double DefaultLearningRate = 0.001;
    public const double DefaultRho = 0.95;
    public const double DefaultEpsilon = 1e-7;

    public override string Name => "adadelta";

    public override OptimizerSpec Read(SpecObject optimizer)
    {
        optimizer.Allow("name", "learning_rate", "rho", "epsilon");
        return new OptimizerSpec(
            Name,
            LearningRate(optimizer, DefaultLearningRate),
            Epsilon: Epsilon(optimizer, DefaultEpsilon),
            Rho: Rho(optimizer, DefaultRho));
    }

    public override IOptimizer Torch(OptimizerSpec spec, IReadOnlyList<Tensor> parameters) => new TensorFlowAdadelta(parameters, spec);

    public override FusedOptimizer Fused(OptimizerSpec spec, int size) => new FusedAdadelta(spec, size);
}
