using Sweep.Grains.Contracts;

namespace Sweep.Grains.ResultsStore;

/// <summary>What a figure of a few configurations reads: their trials alone, not the whole sweep's.</summary>
public abstract partial class SqlResultsStore
{
    /// <summary>
    /// The completed trials of the configurations named (of sweep <paramref name="sweepId"/>), in grid and seed order,
    /// without their attempts or histories.
    /// </summary>
    public async Task<TrialOutcome[]> CompletedOutcomesAsync(string sweepId, IReadOnlyCollection<string> configurationIds)
    {
        ArgumentNullException.ThrowIfNull(configurationIds);
        if (configurationIds.Count == 0)
        {
            return [];
        }

        await using var connection = await OpenAsync();
        return await RowsAsync(
            connection,
            $"""
            SELECT {TrialColumns} FROM sweep_trials
            WHERE sweep_id = @id AND state = 'completed' {OnlyConfigurations(configurationIds, "configuration_id")}
            ORDER BY configuration_position, seed;
            """,
            sweepId,
            Outcome,
            configurationIds);
    }
}
