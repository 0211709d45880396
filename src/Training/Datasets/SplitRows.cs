namespace Sweep.Training.Datasets;

/// <summary>
/// Training, validation and test rows as float32 arrays, row after row: the <c>X</c> arrays hold <see cref="Features"/>
/// values per row, the <c>Y</c> arrays one label per row (0/1 or a class index). Without a validation split the
/// validation arrays are empty.
/// </summary>
internal sealed record SplitRows(float[] TrainX, float[] TrainY, float[] TestX, float[] TestY, int Features)
{
    public float[] ValidationX { get; init; } = [];

    public float[] ValidationY { get; init; } = [];

    public int TrainRows => TrainY.Length;

    public bool HasValidation => ValidationY.Length > 0;

    /// <summary>Checks that every label is a class the model can output (0/1 for a binary model).</summary>
    /// <exception cref="DataContentException">A label is out of range.</exception>
    public void CheckLabels(int classes)
    {
        var highest = Math.Max(Math.Max(Highest(TrainY), Highest(TestY)), Highest(ValidationY));
        if (highest >= classes)
        {
            throw new DataContentException($"the data has label {highest} but the model outputs {classes} classes (0 to {classes - 1})");
        }
    }

    private static float Highest(float[] labels) => labels.Length == 0 ? float.NegativeInfinity : labels.Max();
}
