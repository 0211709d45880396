using Sweep.Training.Fused.Optimizers;
using Sweep.Training.Specs;
using Sweep.Training.Torch.Optimizers;
using static TorchSharp.torch;

namespace Sweep.Training.Optimizers;

/// <summary>
/// tf.keras's <c>SGD(learning_rate=0.01, momentum=0.0, nesterov=False)</c>, with Keras 2.2's time <c>decay=0.0</c>; its rule is
/// <see cref="TensorFlowSgd"/> on TorchSharp, <see cref="FusedSgd"/> on the fused path.
/// </summary>
internal sealed class Sgd : OptimizerDefinition
{
    public const double DefaultLearningRate = 0.01;
    public const double DefaultMomentum = 0.0;
    public const bool DefaultNesterov = false;
    public const double DefaultDecay = 0.0;

    public override string Name => "sgd";

    public override OptimizerSpec Read(SpecObject optimizer)
    {
        optimizer.Allow("name", "learning_rate", "momentum", "nesterov", "decay");
        return new OptimizerSpec(
            Name,
            LearningRate(optimizer, DefaultLearningRate),
            Momentum: Momentum(optimizer, DefaultMomentum),
            Nesterov: optimizer.Bool("nesterov", DefaultNesterov),
            Decay: optimizer.Double("decay", DefaultDecay, 0.0));
    }

    public override IOptimizer Torch(OptimizerSpec spec, IReadOnlyList<Tensor> parameters) => new TensorFlowSgd(parameters, spec);

    public override FusedOptimizer Fused(OptimizerSpec spec, int size) => new FusedSgd(spec, size);
}
