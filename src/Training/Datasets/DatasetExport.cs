using System.Globalization;
using System.Text;
using Sweep.Training.Specs;

namespace Sweep.Training.Datasets;

/// <summary>
/// Writes a built-in dataset as CSV (<c>x0, x1, ..., label</c>) with round-trip precision, so that
/// users can inspect exactly what trials train on, and feed it back as a <c>csv</c> dataset.
/// </summary>
public static class DatasetExport
{
    /// <summary>The dataset's rows in order, before any split.</summary>
    public static string Csv(DatasetSpec spec)
    {
        var points = DatasetLoader.Read(spec);
        var columns = points.Features[0].Length;
        var text = new StringBuilder();
        text.AppendLine(string.Join(',', Enumerable.Range(0, columns).Select(c => $"x{c}").Append("label")));
        for (var row = 0; row < points.Labels.Length; row++)
        {
            text.AppendLine(string.Join(',', points.Features[row].Select(v => v.ToString("R", CultureInfo.InvariantCulture)).Append(points.Labels[row].ToString(CultureInfo.InvariantCulture))));
        }

        return text.ToString();
    }

    /// <summary>
    /// The dataset's rows before any standardization, and which of them trials train on: what a scatter plot of a
    /// 2-D dataset shows. Fashion-MNIST has no such single table and is refused.
    /// </summary>
    /// <exception cref="ArgumentException">The dataset is Fashion-MNIST.</exception>
    public static (LabeledPoints Points, bool[] IsTrain) Rows(DatasetSpec spec)
    {
        if (spec.Kind == DatasetKind.FashionMnist)
        {
            throw new ArgumentException("fashion_mnist images are not points in a plane");
        }

        var points = DatasetLoader.Read(spec);
        var isTrain = new bool[points.Labels.Length];
        foreach (var row in DatasetLoader.Split(spec, points).Train)
        {
            isTrain[row] = true;
        }

        return (points, isTrain);
    }
}
