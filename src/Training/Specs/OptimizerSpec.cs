using System.Text.Json.Serialization;

namespace Sweep.Training.Specs;

/// <summary>Adam with tf.keras defaults and TensorFlow's update rule.</summary>
public sealed record OptimizerSpec(
    string Name,
    double LearningRate,
    [property: JsonPropertyName("beta_1")] double Beta1,
    [property: JsonPropertyName("beta_2")] double Beta2,
    double Epsilon);
