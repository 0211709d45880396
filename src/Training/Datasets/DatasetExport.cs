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
}
