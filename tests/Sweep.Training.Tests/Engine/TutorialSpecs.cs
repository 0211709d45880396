using Sweep.Training.Specs;

namespace Sweep.Training.Tests.Engine;

/// <summary>The tutorial's model on its circles data, with an optional activity regularizer.</summary>
internal static class TutorialSpecs
{
    public static TrialSpec Create(int epochs, ActivityRegularizerSpec? activity = null, int units = 500) => new(
        new DatasetSpec(DatasetKind.Circles, 100, 0.1, 1, 0.8, 30),
        [new DenseSpec(units, Activation.Relu, activity), new DenseSpec(1, Activation.Sigmoid, null)],
        TrialSpecReader.BinaryCrossEntropy,
        OptimizerSpec.Adam(),
        epochs,
        32);
}
