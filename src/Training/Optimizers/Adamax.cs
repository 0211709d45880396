using Sweep.Training.Fused.Optimizers;
using Sweep.Training.Specs;
using Sweep.Training.Torch.Optimizers;
using static TorchSharp.torch;

namespace Sweep.Training.Optimizers;

/// <summary>
/// tf.keras's <c>Adamax(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07)</c>; its rule is
/// <see cref="TensorFlowAdamax"/> on TorchSharp, <see cref="FusedAdamax"/> on the fused path.
/// </summary>
internal sealed class Adamax : OptimizerDefinition
{
    public const double DefaultLearningRate = 0.001;
    public const double DefaultBeta1 = 0.9;
    public const double DefaultBeta2 = 0.999;
    public const double DefaultEpsilon = 1e-7;

    public override string Name => "adamax";

    public override OptimizerSpec Read(SpecObject optimizer)
    {
        optimizer.Allow("name", "learning_rate", "beta_1", "beta_2", "epsilon");
        return new OptimizerSpec(
            Name,
            LearningRate(optimizer, DefaultLearningRate),
            Beta(optimizer, "beta_1", DefaultBeta1),
            Beta(optimizer, "beta_2", DefaultBeta2),
            Epsilon(optimizer, DefaultEpsilon));
    }

    public override IOptimizer Torch(OptimizerSpec spec, IReadOnlyList<Tensor> parameters) => new TensorFlowAdamax(parameters, spec);

    public override FusedOptimizer Fused(OptimizerSpec spec, int size) => new FusedAdamax(spec, size);
}
