using System.Text.Json.Serialization;

namespace Sweep.Training.Specs;

/// <summary>
/// Everything one trial needs except its seed: the data, the model, and how it is fitted.
/// Two specs with the same canonical JSON (<see cref="TrialSpecJson"/>) train identically.
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
    EarlyStoppingSpec? EarlyStopping = null)
{
    /// <summary>
    /// True when any layer has a regularizer (activity, kernel, bias or recurrent) or drops anything in training:
    /// what a sweep's default baseline must not have.
    /// </summary>
    [JsonIgnore]
    public bool IsRegularized => Layers.Any(layer => layer switch
    {
        DenseSpec d => d.ActivityRegularizer is not null || d.KernelRegularizer is not null || d.BiasRegularizer is not null,
        Conv2DSpec c => c.ActivityRegularizer is not null || c.KernelRegularizer is not null || c.BiasRegularizer is not null,
        LstmSpec l => l.ActivityRegularizer is not null || l.KernelRegularizer is not null || l.RecurrentRegularizer is not null
            || l.BiasRegularizer is not null || l.Dropout > 0 || l.RecurrentDropout > 0,
        DropoutSpec d => d.Rate > 0,
        _ => false,
    });
}
