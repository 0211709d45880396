namespace Sweep.Training.Specs;

/// <summary>Keras <c>ReduceLROnPlateau</c> with its parameters and defaults (tf.keras 2.x).</summary>
public sealed record PlateauSpec(
    string Monitor = "val_loss",
    double Factor = 0.1,
    int Patience = 10,
    MonitorMode Mode = MonitorMode.Auto,
    double MinDelta = 1e-4,
    int Cooldown = 0,
    double MinLr = 0);
