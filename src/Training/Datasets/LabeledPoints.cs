namespace Sweep.Training.Datasets;

/// <summary>
/// A labelled set of points, as returned by scikit-learn's generators (<c>X, y</c>).
/// </summary>
/// <param name="Features">One array per row: <c>Features[i]</c> holds the coordinates of point <c>i</c>.</param>
/// <param name="Labels">The class of each row; <c>Labels[i]</c> belongs to <c>Features[i]</c>.</param>
public sealed record LabeledPoints(double[][] Features, int[] Labels);
