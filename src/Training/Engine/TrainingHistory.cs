namespace Sweep.Training.Engine;

/// <summary>
/// Per-epoch history as Keras records it: <c>loss</c> and <c>accuracy</c> averaged over the
/// epoch's batches as they were trained, <c>val_*</c> from a full evaluation at the epoch's end.
/// </summary>
public sealed record TrainingHistory(float[] Loss, float[] Accuracy, float[] ValLoss, float[] ValAccuracy);
