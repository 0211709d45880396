namespace Sweep.Grains.ResultsStore;

/// <summary>How fast each sweep's latest run goes, for a list of sweeps with their rates and the time they still need.</summary>
public abstract partial class SqlResultsStore
{
    /// <summary>Each sweep's <see cref="SweepPace"/>, by sweep id; a sweep with no run recorded (an earlier Sweep's) has none.</summary>
    public async Task<Dictionary<string, SweepPace>> PacesAsync()
    {
        await using var connection = await OpenAsync();

        // Times compare as times in PostgreSQL and as text in SQLite, where every time is written in one UTC round-trip format.
        await using var command = Command(connection, null, """
            SELECT r.sweep_id, r.started, count(t.finished), max(t.finished)
            FROM sweep_runs r
            LEFT JOIN sweep_trials t ON t.sweep_id = r.sweep_id AND t.state IN ('completed', 'failed', 'diverged') AND t.finished >= r.started
            WHERE r.run = (SELECT max(latest.run) FROM sweep_runs latest WHERE latest.sweep_id = r.sweep_id)
            GROUP BY r.sweep_id, r.started;
            """);
        await using var reader = await command.ExecuteReaderAsync();
        var paces = new Dictionary<string, SweepPace>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            paces[reader.GetString(0)] = new SweepPace(ReadTime(reader, 1), Int(reader, 2), reader.IsDBNull(3) ? null : ReadTime(reader, 3));
        }

        return paces;
    }
}
