using nietras.SeparatedValues;

namespace Sweep.Client.Tests.Support;

/// <summary>Sweep's CSV output read as RFC 4180 says, so that a quoted cell (a label with a comma, say) stays one cell.</summary>
internal static class CsvRows
{
    /// <summary>Every row of <paramref name="text"/>, the header first, each as its unquoted cells; every row must have the header's count.</summary>
    public static string[][] Parse(string text)
    {
        using var reader = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = true }).FromText(text);
        var rows = new List<string[]>();
        foreach (var row in reader)
        {
            var cells = new string[row.ColCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = row[i].ToString();
            }

            rows.Add(cells);
        }

        return [.. rows];
    }
}
