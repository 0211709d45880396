namespace Sweep.Training.Datasets;

/// <summary>
/// Training and test rows as float32 arrays, row after row: <see cref="TrainX"/> and <see cref="TestX"/> hold
/// <see cref="Features"/> values per row, <see cref="TrainY"/> and <see cref="TestY"/> one label per row (0/1 or a class index).
/// </summary>
internal sealed record SplitRows(float[] TrainX, float[] TrainY, float[] TestX, float[] TestY, int Features)
{
    public int TrainRows => TrainY.Length;

    /// <summary>Checks that every label is a class the model can output (0/1 for a binary model).</summary>
    /// <exception cref="DataContentException">A label is out of range.</exception>
    public void CheckLabels(int classes)
    {
        var highest = Math.Max(Highest(TrainY), Highest(TestY));
        if (highest >= classes)
        {
            throw new DataContentException($"the data has label {highest} but the model outputs {classes} classes (0 to {classes - 1})");
        }
    }

    private static float Highest(float[] labels) => labels.Length == 0 ? float.NegativeInfinity : labels.Max();
}
