using System.Globalization;
using nietras.SeparatedValues;
using Sweep.Training.Files;

namespace Sweep.Training.Datasets;

/// <summary>
/// Reads a user's CSV file (RFC 4180: a quoted cell may hold commas, doubled quotes and line breaks): a header row, then one
/// row per example; features are numbers, the label is a class index (0 and 1 for a binary model). Errors name the file, the
/// row (the 1-based line it starts on, the header being line 1) and the column.
/// </summary>
internal static class CsvTable
{
    // The header is read as a plain first row: Sep's own header refuses repeated names, which this reader has always allowed
    // (a name names its first column). Spaces around a cell are dropped, spaces inside its quotes kept; empty lines are no rows.
    private static readonly SepReaderOptions Options = new(Sep.New(','))
    {
        HasHeader = false,
        DisableColCountCheck = true,
        Unescape = true,
        Trim = SepTrim.Outer,
    };

    public static IReadOnlyList<string> Header(string path)
    {
        using var reader = Open(path);
        return Header(path, reader);
    }

    public static LabeledPoints Read(string path, IReadOnlyList<string> features, string label)
    {
        using var reader = Open(path);
        var header = Header(path, reader);
        var featureColumns = features.Select(name => Column(path, header, name)).ToArray();
        var labelColumn = Column(path, header, label);
        var rows = new List<double[]>();
        var labels = new List<int>();
        while (Next(path, reader))
        {
            var row = reader.Current;
            if (row.Span.Length == 0)
            {
                continue;
            }

            var line = row.LineNumberFrom;
            if (row.ColCount != header.Count)
            {
                throw new DataContentException($"{path}: row {line} has {row.ColCount} cells, the header {header.Count}");
            }

            var values = new double[featureColumns.Length];
            for (var i = 0; i < featureColumns.Length; i++)
            {
                values[i] = Number(path, line, header[featureColumns[i]], row[featureColumns[i]].Span);
            }

            rows.Add(values);
            var labelCell = row[labelColumn].Span.Trim();
            labels.Add(int.TryParse(labelCell, NumberStyles.None, CultureInfo.InvariantCulture, out var labelValue)
                ? labelValue
                : throw new DataContentException($"{path}: row {line}, column {label}: '{labelCell}' is not a label; allowed: a class index 0, 1, 2, ..."));
        }

        if (rows.Count < 2)
        {
            throw new DataContentException($"{path}: needs at least 2 rows, has {rows.Count}");
        }

        return new LabeledPoints(rows.ToArray(), labels.ToArray());
    }

    /// <summary>The line of the file (1-based, the header is line 1) where data row <paramref name="row"/> (0-based; empty lines are not rows) starts.</summary>
    public static int LineOf(string path, int row)
    {
        using var reader = Open(path);
        var seen = -1;
        if (Next(path, reader))
        {
            while (Next(path, reader))
            {
                if (reader.Current.Span.Length > 0 && ++seen == row)
                {
                    return reader.Current.LineNumberFrom;
                }
            }
        }

        throw new ArgumentOutOfRangeException(nameof(row), row, $"{path} has {seen + 1} rows");
    }

    private static SepReader Open(string path)
    {
        InputFile.Check(path, InputFile.MaxDataFileBytes, "a data file");
        StreamReader text;
        try
        {
            text = new StreamReader(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot be read: {e.Message}", e);
        }

        try
        {
            return Options.From(text);
        }
        catch (NotSupportedException e)
        {
            text.Dispose();
            throw Unreadable(path, e);
        }
    }

    private static List<string> Header(string path, SepReader reader)
    {
        if (!Next(path, reader))
        {
            throw new InvalidDataException($"{path}: the file is empty; it needs a header row");
        }

        var row = reader.Current;
        var names = new List<string>(row.ColCount);
        for (var i = 0; i < row.ColCount; i++)
        {
            // Sep trims spaces only; tabs and other white space around a name are dropped too.
            names.Add(row[i].Span.Trim().ToString());
        }

        return names;
    }

    private static bool Next(string path, SepReader reader)
    {
        try
        {
            return reader.MoveNext();
        }
        catch (NotSupportedException e)
        {
            throw Unreadable(path, e);
        }
    }

    // Sep refuses a row longer than it buffers, as a quote left open makes the rest of the file one row.
    private static InvalidDataException Unreadable(string path, NotSupportedException e) => new($"{path}: cannot be read: {e.Message}", e);

    private static int Column(string path, IReadOnlyList<string> header, string name)
    {
        var index = header.ToList().IndexOf(name);
        return index >= 0 ? index : throw new InvalidDataException($"{path}: no column '{name}'; columns: {string.Join(", ", header)}");
    }

    private static double Number(string path, int line, string column, ReadOnlySpan<char> cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new DataContentException($"{path}: row {line}, column {column}: '{cell}' is not a number");
}
