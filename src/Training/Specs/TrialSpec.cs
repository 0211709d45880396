using System.Text.Json.Serialization;

namespace Sweep.Training.Specs;

/// <summary>
/// Everything one trial needs except its seed: the data, the model, and how it is fitted.
/// Two specs with the same canonical JSON (<see cref="TrialSpecJson"/>) train identically. <see cref="Backend"/> is
/// the engine the file asks for; null (<c>auto</c>, left out of the canonical JSON) lets the trainer choose.
/// </summary>
public sealed record TrialSpec(
    DatasetSpec Dataset,
    IReadOnlyList<LayerSpec> Layers,
    string Loss,
    OptimizerSpec Optimizer,
    int Epochs,
    int BatchSize,
    ScheduleSpec? LearningRateSchedule = null,
    PlateauSpec? ReduceLrOnPlateau = null,
    EarlyStoppingSpec? EarlyStopping = null,
    TrainingBackend? Backend = null)
{
    /// <summary>
    /// True when any layer has a regularizer with a non-zero coefficient (activity, kernel, bias or recurrent) or
    /// drops anything in training: what a sweep's default baseline must not have.
    /// </summary>
    [JsonIgnore]
    public bool IsRegularized => Layers.Any(layer => layer switch
    {
        DenseSpec d => Penalizes(d.ActivityRegularizer?.Penalty) || Penalizes(d.KernelRegularizer) || Penalizes(d.BiasRegularizer),
        Conv2DSpec c => Penalizes(c.ActivityRegularizer?.Penalty) || Penalizes(c.KernelRegularizer) || Penalizes(c.BiasRegularizer),
        LstmSpec l => Penalizes(l.ActivityRegularizer?.Penalty) || Penalizes(l.KernelRegularizer) || Penalizes(l.RecurrentRegularizer)
            || Penalizes(l.BiasRegularizer) || l.Dropout > 0 || l.RecurrentDropout > 0,
        DropoutSpec d => d.Rate > 0,
        _ => false,
    });

    /// <summary>The classes the model outputs: 2 for a binary model, else the final dense layer's units.</summary>
    [JsonIgnore]
    public int Classes => Loss == TrialSpecReader.BinaryCrossEntropy ? 2 : ((DenseSpec)Layers.Last(l => l is DenseSpec)).Units;

    private static bool Penalizes(RegularizerSpec? regularizer) =>
        regularizer is not null && (regularizer.L1Coefficient > 0 || regularizer.L2Coefficient > 0);
}
