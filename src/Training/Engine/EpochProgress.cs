namespace Sweep.Training.Engine;

/// <summary>Reported after every epoch.</summary>
public readonly record struct EpochProgress(int Epoch, int Epochs, float Loss, float ValAccuracy);
