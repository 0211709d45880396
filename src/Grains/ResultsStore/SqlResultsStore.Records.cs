using System.Data.Common;
using Sweep.Grains.Contracts;

namespace Sweep.Grains.ResultsStore;

/// <summary>A sweep's trial records (outcome, attempts, history, penalties), of the whole sweep or of a few configurations.</summary>
public abstract partial class SqlResultsStore
{
    /// <summary>Whether the sweep has that configuration.</summary>
    public async Task<bool> HasConfigurationAsync(string sweepId, string configurationId)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, null, "SELECT count(*) FROM sweep_configurations WHERE sweep_id = @id AND configuration_id = @configuration;");
        Add(command, "@id", sweepId);
        Add(command, "@configuration", configurationId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Whether the sweep has a finished trial (completed, diverged or failed) of that configuration and seed.</summary>
    public async Task<bool> HasFinishedTrialAsync(string sweepId, string configurationId, int seed)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, null, """
            SELECT count(*) FROM sweep_trials
            WHERE sweep_id = @id AND configuration_id = @configuration AND seed = @seed AND state IN ('completed', 'diverged', 'failed');
            """);
        Add(command, "@id", sweepId);
        Add(command, "@configuration", configurationId);
        Add(command, "@seed", seed);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Every finished trial of a sweep with its attempts, history and penalties, in the order of <see cref="ReportAsync(string, string?, bool)"/>.</summary>
    public Task<TrialRecord[]> RecordsAsync(SweepReport report) => RecordsAsync(report, null);

    /// <summary>
    /// The records of <see cref="RecordsAsync(SweepReport)"/> of the configurations named only (all with null): a figure of
    /// a few configurations reads their histories, not the whole sweep's. Without <paramref name="histories"/>, the
    /// records' histories are empty and not read (a page of a configuration's seeds shows none).
    /// </summary>
    public async Task<TrialRecord[]> RecordsAsync(SweepReport report, IReadOnlyCollection<string>? configurationIds, bool histories = true)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (configurationIds is { Count: 0 })
        {
            return [];
        }

        var only = OnlyConfigurations(configurationIds);

        await using var connection = await OpenAsync();
        var curves = new Dictionary<string, float[][]>(StringComparer.Ordinal);
        if (histories)
        {
            await using (var command = Command(connection, null, $"""
                SELECT h.configuration_id, h.seed, h.loss, h.accuracy, h.val_loss, h.val_accuracy, h.learning_rate
                FROM histories h
                JOIN sweep_configurations sc ON sc.configuration_id = h.configuration_id
                JOIN sweep_seeds ss ON ss.sweep_id = sc.sweep_id AND ss.seed = h.seed
                WHERE sc.sweep_id = @id {only};
                """))
            {
                Add(command, "@id", report.Status.SweepId);
                AddAll(command, configurationIds);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    curves[TrialKeys.For(reader.GetString(0), reader.GetInt32(1))] =
                        [Floats(reader.GetString(2)), Floats(reader.GetString(3)), Floats(reader.GetString(4)), Floats(reader.GetString(5)), Floats(reader.GetString(6))];
                }
            }
        }

        var penalties = new Dictionary<string, List<PenaltyShare>>(StringComparer.Ordinal);
        await using (var command = Command(connection, null, $"""
            SELECT p.configuration_id, p.seed, p.name, p.value
            FROM penalties p
            JOIN sweep_configurations sc ON sc.configuration_id = p.configuration_id
            JOIN sweep_seeds ss ON ss.sweep_id = sc.sweep_id AND ss.seed = p.seed
            WHERE sc.sweep_id = @id {only}
            ORDER BY p.configuration_id, p.seed, p.name;
            """))
        {
            Add(command, "@id", report.Status.SweepId);
            AddAll(command, configurationIds);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var key = TrialKeys.For(reader.GetString(0), reader.GetInt32(1));
                (penalties.TryGetValue(key, out var list) ? list : penalties[key] = []).Add(new PenaltyShare(reader.GetString(2), Double(reader, 3)));
            }
        }

        var logs = await AttemptsAsync(connection, report.Status.SweepId, configurationIds);
        var chosen = configurationIds?.ToHashSet(StringComparer.Ordinal);
        return report.Trials.Where(t => chosen is null || chosen.Contains(t.ConfigurationId)).Select(outcome =>
        {
            var history = curves.GetValueOrDefault(outcome.TrialKey) ?? [[], [], [], [], []];
            return new TrialRecord(
                outcome with { Attempts = logs.GetValueOrDefault(outcome.TrialKey) ?? [] },
                history[0], history[1], history[2], history[3], history[4],
                [.. penalties.GetValueOrDefault(outcome.TrialKey) ?? []]);
        }).ToArray();
    }

    // The condition that keeps the rows of the configurations named only (@c0, @c1, ...), by the column that holds their
    // ids (sc, sweep_configurations, unless told); none for null.
    private static string OnlyConfigurations(IReadOnlyCollection<string>? configurationIds, string column = "sc.configuration_id") =>
        configurationIds is null ? "" : $"AND {column} IN ({string.Join(", ", configurationIds.Select((_, i) => $"@c{i}"))})";

    // The values of the @c0, @c1, ... of a statement that names configurations.
    private static void AddAll(DbCommand command, IReadOnlyCollection<string>? configurationIds)
    {
        foreach (var (id, i) in (configurationIds ?? []).Select((id, i) => (id, i)))
        {
            Add(command, $"@c{i}", id);
        }
    }
}
