using Sweep.Grains.Contracts;

namespace Sweep.Grains.Sweeps;

/// <summary>Queries of the sweep's results (the store's rows, with what only this activation knows), and the import of a sweep kept in grain state by an earlier Sweep.</summary>
internal sealed partial class SweepGrain
{
    public async Task<SweepReport> GetReportAsync(string? metric)
    {
        // The trials from the store, the progress as this grain knows it (which trials are training now, and where).
        var status = Status();
        var report = await store.ReportAsync(SweepId, metric, attempts: true);
        var stored = failures.Count == 0 ? [] : report.Trials.Select(t => t.TrialKey).ToHashSet(StringComparer.Ordinal);
        var unstored = failures.Values.Where(f => !stored.Contains(f.TrialKey)).ToArray();
        if (unstored.Length > 0)
        {
            var position = state.State.Configurations.Select((c, i) => (c.Id, i)).ToDictionary(p => p.Id, p => p.i);
            var trialsNow = report.Trials.Concat(unstored).OrderBy(t => position.GetValueOrDefault(t.ConfigurationId)).ThenBy(t => t.Seed).ToArray();
            return report with { Status = status, Trials = trialsNow };
        }

        return report with { Status = status };
    }

    public async Task<SweepReport> GetRankingAsync(string? metric)
    {
        var report = await store.RankingAsync(SweepId, metric);
        var stored = report.Trials.Select(t => t.TrialKey).ToHashSet(StringComparer.Ordinal);
        return report with { Status = Status(), Trials = [.. report.Trials, .. failures.Values.Where(f => !stored.Contains(f.TrialKey))] };
    }

    public async Task<TrialRecord[]> GetRecordsAsync(string? metric) => await store.RecordsAsync(await GetReportAsync(metric));

    public Task<int[]> GetSeedsAsync()
    {
        EnsureExists();
        return Task.FromResult(state.State.Seeds.ToArray());
    }

    public Task<SweepRequest?> GetRequestAsync() => Task.FromResult(state.State.Request);

    public Task<ConfigurationInfo[]> GetConfigurationsAsync()
    {
        EnsureExists();
        return Task.FromResult(state.State.Configurations.ToArray());
    }

    public async Task<bool> ImportLegacyAsync()
    {
        if (state.State.Request is not { } request)
        {
            return false;
        }

        await store.SweepStartedAsync(Row(), state.State.Configurations, state.State.Seeds, request);
        await ImportOutcomesAsync();
        return true;
    }

    // The outcomes an earlier Sweep kept in this grain's state become rows, once; the sweep's rows are written.
    private async Task ImportOutcomesAsync()
    {
        foreach (var outcome in state.State.Outcomes.Values)
        {
            var record = await GrainFactory.GetGrain<ITrialGrain>(outcome.TrialKey).GetLegacyRecordAsync() ?? new TrialRecord(outcome, [], [], [], [], [], []);
            await store.TrialEndedAsync(record);
        }

        await LoadTrialsAsync();
        if (state.State.Outcomes.Count > 0)
        {
            state.State.Outcomes.Clear();
            await state.WriteStateAsync();
        }

        await store.SweepChangedAsync(Row());
    }
}
