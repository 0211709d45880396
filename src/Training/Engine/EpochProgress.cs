namespace Sweep.Training.Engine;

/// <summary>Reported after every epoch: its training loss, validation accuracy and the learning rate it trained with.</summary>
public readonly record struct EpochProgress(int Epoch, int Epochs, float Loss, float ValAccuracy, float LearningRate);
