using System.Data.Common;
using Sweep.Grains.Contracts;
using Sweep.Grains.Results;
using Sweep.Grains.Results.Racing;
using Sweep.Training.Sweeps;

namespace Sweep.Grains.ResultsStore;

/// <summary>A raced sweep's questions: its trials' ended states and values, its standing replayed from them, and the comparisons on its confirmation seeds.</summary>
public abstract partial class SqlResultsStore
{
    public async Task<EndedTrial[]> EndedTrialsAsync(string sweepId)
    {
        await using var connection = await OpenAsync();
        return await RowsAsync(
            connection,
            """
            SELECT configuration_id, seed, state, silo FROM sweep_trials
            WHERE sweep_id = @id AND state IN ('completed', 'diverged', 'failed');
            """,
            sweepId,
            reader => new EndedTrial(reader.GetString(0), reader.GetInt32(1), Enum.Parse<TrialState>(reader.GetString(2), ignoreCase: true), reader.IsDBNull(3) ? "" : reader.GetString(3)));
    }

    public async Task<EndedValue[]> MetricValuesAsync(string sweepId, string metric)
    {
        await using var connection = await OpenAsync();
        return await MetricValuesAsync(connection, sweepId, metric);
    }

    /// <summary>A raced sweep's race, replayed from its stored results on the sweep's metric; null for a grid.</summary>
    /// <exception cref="KeyNotFoundException">No sweep has that id.</exception>
    public async Task<RaceStanding?> RaceAsync(string sweepId)
    {
        await using var connection = await OpenAsync();
        return await RaceAsync(connection, sweepId);
    }

    private async Task<RaceStanding?> RaceAsync(DbConnection connection, string sweepId)
    {
        string? settings;
        string metric;
        string? baselineId;
        await using (var command = Command(connection, null, "SELECT race, metric, baseline_id FROM sweeps WHERE sweep_id = @id;"))
        {
            Add(command, "@id", sweepId);
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                throw new KeyNotFoundException($"no sweep with id '{sweepId}'");
            }

            (settings, metric, baselineId) = (reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        }

        if (settings is null)
        {
            return null;
        }

        var definition = RaceSettings.Read(settings);
        var configurations = await RowsAsync(connection, "SELECT configuration_id, label FROM sweep_configurations WHERE sweep_id = @id ORDER BY position;", sweepId, reader => (Id: reader.GetString(0), Label: reader.GetString(1)));
        var seeds = await RowsAsync(connection, "SELECT seed FROM sweep_seeds WHERE sweep_id = @id ORDER BY seed;", sweepId, reader => reader.GetInt32(0));
        var values = (await MetricValuesAsync(connection, sweepId, metric)).ToDictionary(v => (v.ConfigurationId, v.Seed));
        var progress = RaceReplay.Run(
            definition, configurations.Select(c => c.Id).ToArray(), seeds, Known(metric).HigherIsBetter, (id, seed) => values.TryGetValue((id, seed), out var v) ? (v.State, v.Value) : null);
        var confirmed = progress.Finished && progress.ConfirmedWith(baselineId)
            .All(id => definition.ConfirmationSeeds(seeds).All(seed => values.ContainsKey((id, seed))));

        // What the race spent against the grid it replaces (every configuration on max_seeds seeds); the confirmation's
        // trials are extra, and not counted.
        var racing = seeds.Take(definition.MaxSeeds).ToHashSet();
        return RaceStanding.Of(
            definition, progress, configurations.Length * definition.MaxSeeds, values.Keys.Count(key => racing.Contains(key.Seed)), configurations, confirmed);
    }

    /// <summary>
    /// A confirmed race's comparisons with the baseline, made on its confirmation seeds only (the race's decisions used the
    /// others, so a winner's gain on them is biased upward); the ranking unchanged otherwise.
    /// </summary>
    private async Task<ConfigurationAggregate[]> ConfirmedComparisonsAsync(
        DbConnection connection, string sweepId, ConfigurationAggregate[] ranking, Metric metric, RaceStanding? race, string? baselineId)
    {
        if (race is not { Confirm: > 0, Progress.Finished: true })
        {
            return ranking;
        }

        // Until every confirmation trial has run, no comparison: the racing seeds' is biased, a part of the confirmation's noisy.
        if (!race.Confirmed)
        {
            return [.. ranking.Select(a => a with { VersusBaseline = null })];
        }

        var seeds = await RowsAsync(connection, "SELECT seed FROM sweep_seeds WHERE sweep_id = @id ORDER BY seed;", sweepId, reader => reader.GetInt32(0));
        var confirmation = race.Definition.ConfirmationSeeds(seeds).ToHashSet();
        var compared = race.Progress.ConfirmedWith(baselineId).ToHashSet(StringComparer.Ordinal);
        var values = (await MetricValuesAsync(connection, sweepId, metric.Name))
            .Where(v => compared.Contains(v.ConfigurationId) && confirmation.Contains(v.Seed) && v.State == TrialState.Completed && double.IsFinite(v.Value))
            .GroupBy(v => v.ConfigurationId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(v => v.Seed).Select(v => v.Value).ToArray(), StringComparer.Ordinal);
        return Aggregation.CompareOn(ranking, values, metric, baselineId);
    }

    private static async Task<EndedValue[]> MetricValuesAsync(DbConnection connection, string sweepId, string metric)
    {
        // The metric names a column: only a known one reaches the SQL.
        var column = Known(metric).Name;
        return await RowsAsync(
            connection,
            $"""
            SELECT configuration_id, seed, state, {column} FROM sweep_trials
            WHERE sweep_id = @id AND state IN ('completed', 'diverged', 'failed');
            """,
            sweepId,
            reader => new EndedValue(reader.GetString(0), reader.GetInt32(1), Enum.Parse<TrialState>(reader.GetString(2), ignoreCase: true), reader.IsDBNull(3) ? double.NaN : reader.GetDouble(3)));
    }
}
