namespace Sweep.Training.Specs;

/// <summary>How a convolution or pooling window treats the input's edges, as in Keras.</summary>
public enum Padding
{
    /// <summary>No padding: only windows that fit inside the input; the output is floor((in - k) / s) + 1.</summary>
    Valid,

    /// <summary>
    /// TensorFlow's <c>SAME</c>: the output is ceil(in / s); the missing rows and columns are padded with zeros
    /// (for pooling, ignored), half before and the odd one after.
    /// </summary>
    Same,
}
