using System.Text.Json.Serialization;
using Sweep.Training.Optimizers;

namespace Sweep.Training.Specs;

/// <summary>
/// An optimizer with tf.keras 2.x names, defaults and update rules. Settings the named optimizer
/// does not have are null, so that equal optimizers have equal descriptions.
/// </summary>
/// <param name="Name">sgd, rmsprop, adagrad, adadelta, adam, adamax or nadam.</param>
/// <param name="LearningRate">The initial learning rate.</param>
/// <param name="Beta1">adam, adamax, nadam: the first moment's decay.</param>
/// <param name="Beta2">adam, adamax, nadam: the second moment's decay.</param>
/// <param name="Epsilon">rmsprop, adagrad, adadelta, adam, adamax, nadam.</param>
/// <param name="Amsgrad">adam: keep the maximum of the second moments.</param>
/// <param name="Momentum">sgd, rmsprop.</param>
/// <param name="Nesterov">sgd: Nesterov momentum.</param>
/// <param name="Decay">sgd: Keras 2.2's time decay, lr / (1 + decay * iterations).</param>
/// <param name="Rho">rmsprop, adadelta: the accumulators' decay.</param>
/// <param name="Centered">rmsprop: normalise by the gradient's estimated variance.</param>
/// <param name="InitialAccumulatorValue">adagrad: the accumulators' starting value.</param>
public sealed record OptimizerSpec(
    string Name,
    double LearningRate,
    [property: JsonPropertyName("beta_1")] double? Beta1 = null,
    [property: JsonPropertyName("beta_2")] double? Beta2 = null,
    double? Epsilon = null,
    bool? Amsgrad = null,
    double? Momentum = null,
    bool? Nesterov = null,
    double? Decay = null,
    double? Rho = null,
    bool? Centered = null,
    double? InitialAccumulatorValue = null)
{
    /// <summary>tf.keras's Adam: learning rate 0.001, betas 0.9 and 0.999, epsilon 1e-7 (<see cref="OptimizerRegistry"/>).</summary>
    public static OptimizerSpec Adam() => OptimizerRegistry.Named("adam").Defaults;

    /// <summary>tf.keras's Adam with <paramref name="learningRate"/>, its other settings at their defaults.</summary>
    public static OptimizerSpec Adam(double learningRate) => Adam() with { LearningRate = learningRate };
}
