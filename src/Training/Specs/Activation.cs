namespace Sweep.Training.Specs;

/// <summary>An element-wise activation function, named as in Keras.</summary>
public enum Activation
{
    Linear,
    Relu,
    Sigmoid,
    Tanh,
    Softmax,
}
