namespace Sweep.Training.Specs;

/// <summary>Keras <c>EarlyStopping</c> with its parameters and defaults (tf.keras 2.x).</summary>
public sealed record EarlyStoppingSpec(
    string Monitor = "val_loss",
    double MinDelta = 0,
    int Patience = 0,
    MonitorMode Mode = MonitorMode.Auto,
    double? Baseline = null,
    bool RestoreBestWeights = false);
