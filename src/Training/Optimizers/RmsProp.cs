using Sweep.Training.Fused.Optimizers;
using Sweep.Training.Specs;
using Sweep.Training.Torch.Optimizers;
using static TorchSharp.torch;

namespace Sweep.Training.Optimizers;

/// <summary>
/// tf.keras's <c>RMSprop(learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-07, centered=False)</c>; its rule is
/// <see cref="TensorFlowRmsProp"/> on TorchSharp, <see cref="FusedRmsProp"/> on the fused path.
/// </summary>
internal sealed class RmsProp : OptimizerDefinition
{
    public const double DefaultLearningRate = 0.001;
    public const double DefaultRho = 0.9;
    public const double DefaultMomentum = 0.0;
    public const double DefaultEpsilon = 1e-7;
    public const bool DefaultCentered = false;

    public override string Name => "rmsprop";

    public override OptimizerSpec Read(SpecObject optimizer)
    {
        optimizer.Allow("name", "learning_rate", "rho", "momentum", "epsilon", "centered");
        return new OptimizerSpec(
            Name,
            LearningRate(optimizer, DefaultLearningRate),
            Epsilon: Epsilon(optimizer, DefaultEpsilon),
            Momentum: Momentum(optimizer, DefaultMomentum),
            Rho: Rho(optimizer, DefaultRho),
            Centered: optimizer.Bool("centered", DefaultCentered));
    }

    public override IOptimizer Torch(OptimizerSpec spec, IReadOnlyList<Tensor> parameters) => new TensorFlowRmsProp(parameters, spec);

    public override FusedOptimizer Fused(OptimizerSpec spec, int size) => new FusedRmsProp(spec, size);
}
