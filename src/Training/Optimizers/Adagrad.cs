using Sweep.Training.Fused.Optimizers;
using Sweep.Training.Specs;
using Sweep.Training.Torch.Optimizers;
using static TorchSharp.torch;

namespace Sweep.Training.Optimizers;

/// <summary>
/// tf.keras's <c>Adagrad(learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-07)</c>; its rule is
/// <see cref="TensorFlowAdagrad"/> on TorchSharp, <see cref="FusedAdagrad"/> on the fused path.
/// </summary>
internal sealed class Adagrad : OptimizerDefinition
{
    public const double DefaultLearningRate = 0.001;
    public const double DefaultInitialAccumulatorValue = 0.1;
    public const double DefaultEpsilon = 1e-7;

    public override string Name => "adagrad";

    public override OptimizerSpec Read(SpecObject optimizer)
    {
        optimizer.Allow("name", "learning_rate", "initial_accumulator_value", "epsilon");
        return new OptimizerSpec(
            Name,
            LearningRate(optimizer, DefaultLearningRate),
            Epsilon: Epsilon(optimizer, DefaultEpsilon),
            InitialAccumulatorValue: optimizer.Double("initial_accumulator_value", DefaultInitialAccumulatorValue, 0.0));
    }

    public override IOptimizer Torch(OptimizerSpec spec, IReadOnlyList<Tensor> parameters) => new TensorFlowAdagrad(parameters, spec);

    public override FusedOptimizer Fused(OptimizerSpec spec, int size) => new FusedAdagrad(spec, size);
}
