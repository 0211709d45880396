using System.Globalization;
using Sweep.Training.Files;

namespace Sweep.Training.Datasets;

/// <summary>
/// Reads a user's CSV file: a header row, then one row per example; features are numbers, the
/// label is a class index (0 and 1 for a binary model). Errors name the file, the row (1-based, header included) and the column.
/// </summary>
internal static class CsvTable
{
    public static IReadOnlyList<string> Header(string path)
    {
        using var reader = Open(path);
        var header = reader.ReadLine() ?? throw new InvalidDataException($"{path}: the file is empty; it needs a header row");
        return Split(header);
    }

    public static LabeledPoints Read(string path, IReadOnlyList<string> features, string label)
    {
        using var reader = Open(path);
        var header = Split(reader.ReadLine() ?? throw new InvalidDataException($"{path}: the file is empty; it needs a header row"));
        var featureColumns = features.Select(name => Column(path, header, name)).ToArray();
        var labelColumn = Column(path, header, label);
        var rows = new List<double[]>();
        var labels = new List<int>();
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var cells = Split(text);
            if (cells.Count != header.Count)
            {
                throw new DataContentException($"{path}: row {line} has {cells.Count} cells, the header {header.Count}");
            }

            rows.Add(featureColumns.Select(c => Number(path, line, header[c], cells[c])).ToArray());
            labels.Add(int.TryParse(cells[labelColumn], NumberStyles.None, CultureInfo.InvariantCulture, out var labelValue)
                ? labelValue
                : throw new DataContentException($"{path}: row {line}, column {label}: '{cells[labelColumn]}' is not a label; allowed: a class index 0, 1, 2, ..."));
        }

        if (rows.Count < 2)
        {
            throw new DataContentException($"{path}: needs at least 2 rows, has {rows.Count}");
        }

        return new LabeledPoints(rows.ToArray(), labels.ToArray());
    }

    /// <summary>The line of the file (1-based, the header is line 1) that holds data row <paramref name="row"/> (0-based; empty lines are not rows).</summary>
    public static int LineOf(string path, int row)
    {
        using var reader = Open(path);
        reader.ReadLine();
        var line = 1;
        var seen = -1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length > 0 && ++seen == row)
            {
                return line;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(row), row, $"{path} has {seen + 1} rows");
    }

    private static StreamReader Open(string path)
    {
        InputFile.Check(path, InputFile.MaxDataFileBytes, "a data file");
        try
        {
            return new StreamReader(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot be read: {e.Message}", e);
        }
    }

    private static int Column(string path, IReadOnlyList<string> header, string name)
    {
        var index = header.ToList().IndexOf(name);
        return index >= 0 ? index : throw new InvalidDataException($"{path}: no column '{name}'; columns: {string.Join(", ", header)}");
    }

    private static double Number(string path, int line, string column, string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new DataContentException($"{path}: row {line}, column {column}: '{cell}' is not a number");

    // Plain comma-separated cells; quotes around a cell are dropped.
    private static List<string> Split(string line) => line.Split(',').Select(cell => cell.Trim().Trim('"')).ToList();
}
