namespace Sweep.Training.Engine;

/// <summary>
/// An epoch's loss and accuracy as Keras logs them, for both engines: the steps' losses averaged weighted by batch size,
/// and accuracy scored on the predictions each step was computed from. A struct: an epoch keeps it as a local, allocating nothing.
/// </summary>
internal struct EpochTally
{
    private double lossSum;
    private long correct;
    private int rows;

    /// <summary>Adds one step: its loss (the mean loss plus the penalties, in float32), its rows and how many it predicted right.</summary>
    public void Add(float loss, int batchRows, long batchCorrect)
    {
        lossSum += loss * batchRows;
        correct += batchCorrect;
        rows += batchRows;
    }

    /// <summary>The epoch's loss and accuracy.</summary>
    public (double Loss, double Accuracy) Result => (lossSum / rows, (double)correct / rows);
}
