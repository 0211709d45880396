namespace Sweep.Training.Initializers;

/// <summary>Which fan Keras's <c>VarianceScaling</c> divides its scale by.</summary>
internal enum FanMode
{
    FanIn,
    FanOut,
    FanAvg,
}
