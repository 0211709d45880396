namespace Sweep.Training.Engine;

/// <summary>
/// Per-epoch history as Keras records it: <c>loss</c> and <c>accuracy</c> averaged over the
/// epoch's batches as they were trained, <c>val_*</c> from a full evaluation at the epoch's end,
/// and the learning rate in force during the epoch. With early stopping the arrays end at the last epoch trained.
/// </summary>
public sealed record TrainingHistory(float[] Loss, float[] Accuracy, float[] ValLoss, float[] ValAccuracy, float[] LearningRate)
{
    internal static TrainingHistory Create(int epochs) => new(new float[epochs], new float[epochs], new float[epochs], new float[epochs], new float[epochs]);

    internal TrainingHistory Take(int epochs) => epochs == Loss.Length
        ? this
        : new(Loss[..epochs], Accuracy[..epochs], ValLoss[..epochs], ValAccuracy[..epochs], LearningRate[..epochs]);
}
