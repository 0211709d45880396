using System.Globalization;
using Sweep.Grains.Contracts;

namespace Sweep.Grains.ResultsStore;

/// <summary>A sweep's finished trials a page at a time, for a view that never holds them all.</summary>
public abstract partial class SqlResultsStore
{
    /// <summary>
    /// The sweep's finished trials (completed, diverged, failed; of <paramref name="configurationId"/> only, if given) from
    /// <paramref name="offset"/>, at most <paramref name="limit"/>: latest finished first, then in grid and seed order, each
    /// with its attempts; with how many there are in all. A trial that finishes between two pages moves the later ones by one.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No sweep has that id.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The offset is negative or the limit is not positive.</exception>
    public async Task<TrialPage> TrialPageAsync(string sweepId, int offset, int limit, string? configurationId = null)
    {
        var only = configurationId is null ? "" : "AND configuration_id = @configuration";
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await OpenAsync();
        _ = await SweepRowAsync(connection, sweepId);
        int total;
        await using (var command = Command(connection, null, $"""
            SELECT count(*) FROM sweep_trials WHERE sweep_id = @id AND state IN ('completed', 'diverged', 'failed') {only};
            """))
        {
            Add(command, "@id", sweepId);
            if (configurationId is not null)
            {
                Add(command, "@configuration", configurationId);
            }
            total = Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }

        var trials = new List<TrialOutcome>();
        await using (var command = Command(connection, null, $"""
            SELECT {TrialColumns} FROM sweep_trials
            WHERE sweep_id = @id AND state IN ('completed', 'diverged', 'failed') {only}
            ORDER BY finished DESC, configuration_position, seed
            LIMIT @limit OFFSET @offset;
            """))
        {
            Add(command, "@id", sweepId);
            if (configurationId is not null)
            {
                Add(command, "@configuration", configurationId);
            }
            Add(command, "@limit", limit);
            Add(command, "@offset", offset);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                trials.Add(Outcome(reader));
            }
        }

        var logs = await PageAttemptsAsync(connection, trials);
        return new TrialPage(
            total,
            [.. trials.Select(t => t with { Attempts = logs.GetValueOrDefault(t.TrialKey) ?? [] })],
            await ConfigurationsAsync(connection, sweepId));
    }

    // The attempts of a page's trials: those of its configurations and seeds, the pairs not on the page dropped.
    private static async Task<Dictionary<string, TrialAttempt[]>> PageAttemptsAsync(System.Data.Common.DbConnection connection, List<TrialOutcome> trials)
    {
        if (trials.Count == 0)
        {
            return [];
        }

        var configurations = trials.Select(t => t.ConfigurationId).Distinct(StringComparer.Ordinal).ToArray();
        var seeds = trials.Select(t => t.Seed).Distinct().ToArray();
        await using var command = Command(connection, null, $"""
            SELECT configuration_id, seed, number, silo, started, ended, error, run
            FROM trial_attempts
            WHERE configuration_id IN ({string.Join(", ", configurations.Select((_, i) => $"@c{i}"))})
              AND seed IN ({string.Join(", ", seeds.Select((_, i) => $"@s{i}"))})
            ORDER BY configuration_id, seed, number;
            """);
        for (var i = 0; i < configurations.Length; i++)
        {
            Add(command, $"@c{i}", configurations[i]);
        }

        for (var i = 0; i < seeds.Length; i++)
        {
            Add(command, $"@s{i}", seeds[i]);
        }

        var keys = trials.Select(t => t.TrialKey).ToHashSet(StringComparer.Ordinal);
        return (await AttemptsAsync(command)).Where(pair => keys.Contains(pair.Key)).ToDictionary(StringComparer.Ordinal);
    }
}
