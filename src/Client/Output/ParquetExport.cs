using System.Text.Json;
using System.Text.Json.Nodes;
using Parquet;
using Parquet.Schema;
using Sweep.Training.Sweeps;

namespace Sweep.Client.Output;

/// <summary>
/// A <see cref="ResultsTable"/> as an Apache Parquet file (Parquet.Net): one row group, a column per table column, every
/// column optional (null where CSV has an empty cell). Counts are int64, numbers double, times UTC timestamps (microseconds), and a grid
/// setting is double, boolean or string as its values are (<see cref="ResultsTable.SettingType"/>).
/// </summary>
internal static class ParquetExport
{
    public static async Task WriteAsync(ResultsTable table, Stream stream, CancellationToken cancellationToken)
    {
        var types = table.Columns.Select((c, i) => c.Type == typeof(JsonNode) ? ResultsTable.SettingType(table.Rows.Select(r => (JsonNode?)r[i])) : c.Type).ToArray();
        // Times are Parquet timestamps in microseconds, adjusted to UTC (not the INT96 that a plain DateTime field gives).
        var fields = table.Columns.Select((c, i) => types[i] == typeof(DateTimeOffset)
            ? new DateTimeDataField(c.Name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, DateTimeTimeUnit.Micros, isNullable: true)
            : new DataField(c.Name, types[i], isNullable: true)).ToArray();
        var schema = new ParquetSchema(fields);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream, cancellationToken: cancellationToken);
        using var group = writer.CreateRowGroup();
        for (var i = 0; i < fields.Length; i++)
        {
            var task = Values(table, i, types[i]) switch
            {
                string?[] texts => group.WriteAsync(fields[i], texts, null),
                double?[] numbers => group.WriteAsync<double>(fields[i], numbers, null, null, cancellationToken),
                long?[] counts => group.WriteAsync<long>(fields[i], counts, null, null, cancellationToken),
                bool?[] flags => group.WriteAsync<bool>(fields[i], flags, null, null, cancellationToken),
                DateTime?[] times => group.WriteAsync<DateTime>(fields[i], times, null, null, cancellationToken),
                var other => throw new InvalidOperationException($"a results column of {other.GetType()}"),
            };
            await task;
        }
    }

    private static Array Values(ResultsTable table, int column, Type type)
    {
        var cells = table.Rows.Select(r => r[column]).ToArray();
        if (type == typeof(string))
        {
            return cells.Select(v => v switch
            {
                null => null,
                JsonNode node => GridExpander.Format(node),
                _ => (string)v,
            }).ToArray();
        }

        if (type == typeof(double))
        {
            return cells.Select(v => v switch
            {
                null => (double?)null,
                JsonNode node => node.GetValue<double>(),
                _ => (double)v,
            }).ToArray();
        }

        if (type == typeof(bool))
        {
            return cells.Select(v => v switch
            {
                null => (bool?)null,
                JsonNode node => node.GetValueKind() == JsonValueKind.True,
                _ => (bool)v,
            }).ToArray();
        }

        if (type == typeof(long))
        {
            return cells.Select(v => (long?)v).ToArray();
        }

        if (type == typeof(DateTimeOffset))
        {
            // A time that was never set (year 1) is missing, not a date that readers in nanoseconds cannot hold.
            return cells.Select(v => v is DateTimeOffset time && time != default ? time.UtcDateTime : (DateTime?)null).ToArray();
        }

        throw new InvalidOperationException($"a results column of type {type}");
    }
}
