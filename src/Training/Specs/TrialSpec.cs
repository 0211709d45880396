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
    EarlyStoppingSpec? EarlyStopping = null);
