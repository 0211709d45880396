using Sweep.Training.Specs;
using static TorchSharp.torch;

namespace Sweep.Training.Torch.Optimizers;

/// <summary>Builds the optimizer an <see cref="OptimizerSpec"/> names, with TensorFlow's update rule.</summary>
internal static class OptimizerFactory
{
    /// <summary>The names <see cref="Create"/> accepts, as tf.keras 2.x spells them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["sgd", "rmsprop", "adagrad", "adadelta", "adam", "adamax", "nadam"];

    public static IOptimizer Create(OptimizerSpec spec, IReadOnlyList<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(parameters);
        return spec.Name switch
        {
            "sgd" => new TensorFlowSgd(parameters, spec),
            "rmsprop" => new TensorFlowRmsProp(parameters, spec),
            "adagrad" => new TensorFlowAdagrad(parameters, spec),
            "adadelta" => new TensorFlowAdadelta(parameters, spec),
            "adam" => new TensorFlowAdam(parameters, spec),
            "adamax" => new TensorFlowAdamax(parameters, spec),
            "nadam" => new TensorFlowNadam(parameters, spec),
            _ => throw new ArgumentException(
                $"Unknown optimizer '{spec.Name}'; expected one of {string.Join(", ", Names)}.", nameof(spec)),
        };
    }
}
