namespace Sweep.Training.Specs;

/// <summary>How an activity penalty is reduced over a batch.</summary>
public enum ActivityReduction
{
    /// <summary>Divided by the batch size, as tf.keras 2.x and Keras 3 do.</summary>
    BatchMean,

    /// <summary>Summed over the batch, as standalone Keras 2.2 did (the tutorial's published figures).</summary>
    Sum,
}
