using System.Data.Common;
using Sweep.Grains.Contracts;
using Sweep.Grains.Results;
using Sweep.Training.Sweeps;

namespace Sweep.Grains.ResultsStore;

/// <summary>The questions commands ask of the store: each a few SQL statements, whatever the sweep's size.</summary>
public abstract partial class SqlResultsStore
{
    /// <summary>Every sweep's id and name, oldest first.</summary>
    public async Task<(string Id, string Name)[]> SweepNamesAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, null, "SELECT sweep_id, name FROM sweeps ORDER BY created, sweep_id;");
        await using var reader = await command.ExecuteReaderAsync();
        var sweeps = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            sweeps.Add((reader.GetString(0), reader.GetString(1)));
        }

        return [.. sweeps];
    }

    /// <summary>Every sweep's progress, oldest first.</summary>
    public async Task<SweepStatus[]> StatusesAsync() => await StatusesAsync(null);

    /// <summary>A sweep's progress.</summary>
    /// <exception cref="KeyNotFoundException">No sweep has that id.</exception>
    public async Task<SweepStatus> StatusAsync(string sweepId) =>
        (await StatusesAsync(sweepId)).SingleOrDefault() ?? throw new KeyNotFoundException($"no sweep with id '{sweepId}'");

    /// <summary>
    /// A sweep's aggregates ranked by <paramref name="metric"/> (null: the sweep's) and every finished trial's outcome, in
    /// grid order then seed order; with <paramref name="attempts"/>, each outcome's attempts too.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No sweep has that id.</exception>
    /// <exception cref="ArgumentException">The metric is not one of <see cref="Metric.All"/>.</exception>
    public async Task<SweepReport> ReportAsync(string sweepId, string? metric, bool attempts = false)
    {
        var status = await StatusAsync(sweepId);
        var rankedBy = Known(metric ?? status.Metric);
        await using var connection = await OpenAsync();
        var configurations = await ConfigurationsAsync(connection, sweepId);
        RequireValues(rankedBy, configurations, sweepId);
        var logs = attempts ? await AttemptsAsync(connection, sweepId) : null;
        var outcomes = (await OutcomesAsync(connection, sweepId, "'completed', 'diverged', 'failed'"))
            .Select(o => logs is null ? o : o with { Attempts = logs.GetValueOrDefault(o.TrialKey) ?? [] })
            .ToList();

        var baselineId = (await SweepRowAsync(connection, sweepId)).BaselineId;
        var ranking = Aggregation.Rank(configurations, outcomes, rankedBy, baselineId);
        var race = await RaceAsync(connection, sweepId);
        ranking = await ConfirmedComparisonsAsync(connection, sweepId, ranking, rankedBy, race, baselineId);
        return new SweepReport(status, rankedBy.Name, ranking, [.. outcomes], baselineId, race);
    }

    /// <summary>
    /// A sweep's aggregates ranked by <paramref name="metric"/> (null: the sweep's), with only its failed trials (for a
    /// summary of their errors), computed by the store in one pass over the sweep's trials whatever its size: each metric summarised over the finite values of
    /// completed trials, the comparisons with the baseline made from those summaries. The status has the sweep's counts
    /// but no silos. With <paramref name="shown"/>, only what a ranked table shows is summarised: the ranked metric and the
    /// ones <paramref name="shown"/> names, each without its min and max (the others have no values). Each metric's five
    /// aggregates cost the pass about as much as the pass itself.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No sweep has that id.</exception>
    /// <exception cref="ArgumentException">The metric is not one of <see cref="Metric.All"/>.</exception>
    public async Task<SweepReport> RankingAsync(string sweepId, string? metric, Func<Metric, IReadOnlyCollection<Metric>>? shown = null)
    {
        await using var connection = await OpenAsync();
        var sweep = await SweepRowAsync(connection, sweepId);
        var rankedBy = Known(metric ?? sweep.Metric);
        var beside = shown?.Invoke(rankedBy);
        var names = Metric.All.Where(m => beside is null || m == rankedBy || beside.Contains(m)).Select(m => m.Name).ToArray();
        var extremes = shown is null;
        var perMetric = extremes ? 5 : 3;

        // Sums of values less a shift near them (a completed trial's value), so that the variance from the sums loses no
        // precision when the mean is far larger than the spread.
        var shift = new double[names.Length];
        await using (var command = Command(connection, null, $"""
            SELECT {string.Join(", ", names)} FROM sweep_trials WHERE sweep_id = @id AND state = 'completed' LIMIT 1;
            """))
        {
            Add(command, "@id", sweepId);
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync())
            {
                for (var m = 0; m < names.Length; m++)
                {
                    shift[m] = reader.IsDBNull(m) ? 0 : reader.GetDouble(m);
                }
            }
        }

        var rows = new Dictionary<string, (int Completed, int Failed, int Diverged, Dictionary<string, MetricSummary> Metrics)>(StringComparer.Ordinal);
        await using (var command = Command(connection, null, RankingSql(names, extremes)))
        {
            Add(command, "@id", sweepId);
            for (var m = 0; m < names.Length; m++)
            {
                Add(command, $"@shift_{m}", shift[m]);
            }

            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var summaries = NoMetrics();
                for (var m = 0; m < names.Length; m++)
                {
                    var at = 2 + (perMetric * m);
                    var n = Int(reader, at);
                    var (sum, squares) = (Double(reader, at + 1), Double(reader, at + 2));
                    var deviations = n > 1 ? Math.Max(0, squares - (sum * sum / n)) : double.NaN;
                    summaries[names[m]] = Aggregation.Summarize(
                        n, shift[m] + (sum / n), Math.Sqrt(deviations / (n - 1)), extremes ? Double(reader, at + 3) : double.NaN, extremes ? Double(reader, at + 4) : double.NaN);
                }

                rows[reader.GetString(0)] = (Int(reader, 1), 0, 0, summaries);
            }
        }

        // Failed and diverged trials in a query of their own: few rows, and the one above filters on completed alone,
        // which SQLite runs faster than a filter per aggregate (0.14 s against 0.26 s on 100,000 trials).
        await using (var command = Command(connection, null, """
            SELECT configuration_id, state, count(*) FROM sweep_trials
            WHERE sweep_id = @id AND state IN ('failed', 'diverged')
            GROUP BY configuration_id, state;
            """))
        {
            Add(command, "@id", sweepId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var row = rows.TryGetValue(reader.GetString(0), out var known) ? known : (Completed: 0, Failed: 0, Diverged: 0, Metrics: NoMetrics());
                rows[reader.GetString(0)] = reader.GetString(1) == "failed"
                    ? row with { Failed = Int(reader, 2) }
                    : row with { Diverged = Int(reader, 2) };
            }
        }

        var status = new SweepStatus(
            sweepId, sweep.Name, sweep.State, sweep.Configurations, sweep.Trials,
            rows.Values.Sum(r => r.Completed), rows.Values.Sum(r => r.Failed), sweep.Created, sweep.Finished, sweep.Metric, sweep.TraceId, [],
            rows.Values.Sum(r => r.Diverged));
        var configurations = await ConfigurationsAsync(connection, sweepId);
        RequireValues(rankedBy, configurations, sweepId);
        var aggregates = configurations.Select(c => rows.TryGetValue(c.Id, out var row)
            ? new ConfigurationAggregate(c, row.Completed, row.Failed, row.Metrics, row.Diverged)
            : new ConfigurationAggregate(c, 0, 0, NoMetrics())).ToArray();
        var failed = status.Failed > 0 ? await OutcomesAsync(connection, sweepId, "'failed'") : [];
        var race = await RaceAsync(connection, sweepId);
        var ranking = await ConfirmedComparisonsAsync(connection, sweepId, Aggregation.Rank(aggregates, rankedBy, sweep.BaselineId), rankedBy, race, sweep.BaselineId);
        return new SweepReport(status, rankedBy.Name, ranking, failed, sweep.BaselineId, race);
    }

    // A metric by its name; one the store does not know is the caller's error, named with those it knows.
    // A metric on validation rows has no values in a sweep that sets none aside: ranking by it would rank nothing.
    private static void RequireValues(Metric metric, IEnumerable<ConfigurationInfo> configurations, string sweepId)
    {
        if (metric.NeedsValidation && !configurations.Any(c => c.HasValidationRows))
        {
            throw new ArgumentException(
                $"{metric.Name} is scored on validation rows, and sweep {sweepId} sets none aside (dataset.validation_fraction or validation_rows); rank by test_accuracy, test_loss, train_accuracy, train_loss, activation_mean, zero_fraction or seconds");
        }
    }

    private static Metric Known(string metric) =>
        Metric.Find(metric) ?? throw new ArgumentException($"unknown metric '{metric}'; allowed: {string.Join(", ", Metric.All.Select(m => m.Name))}", nameof(metric));

    private static Dictionary<string, MetricSummary> NoMetrics() => Metric.All.ToDictionary(m => m.Name, _ => Aggregation.Summarize([]));

    // Per configuration: its completed trials, then per metric (in the order of metrics) the count, the sum and the sum of
    // squares of (value - @shift_m), and with extremes the min and the max, over completed trials' finite values.
    private static string RankingSql(string[] metrics, bool extremes)
    {
        var summaries = string.Join(",\n    ", metrics.Select((name, m) =>
            $"count({name}), sum({name} - @shift_{m}), sum(({name} - @shift_{m}) * ({name} - @shift_{m}))" + (extremes ? $", min({name}), max({name})" : "")));
        return $"""
            SELECT configuration_id, count(*),
                {summaries}
            FROM sweep_trials
            WHERE sweep_id = @id AND state = 'completed'
            GROUP BY configuration_id;
            """;
    }

    // A sweep's own row.
    private static async Task<(string Name, SweepState State, int Configurations, int Trials, DateTimeOffset Created, DateTimeOffset? Finished, string Metric, string? TraceId, string? BaselineId)>
        SweepRowAsync(DbConnection connection, string sweepId)
    {
        await using var command = Command(connection, null, """
            SELECT name, state, configurations, trials, created, finished, metric, trace_id, baseline_id FROM sweeps WHERE sweep_id = @id;
            """);
        Add(command, "@id", sweepId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new KeyNotFoundException($"no sweep with id '{sweepId}'");
        }

        return (reader.GetString(0), Enum.Parse<SweepState>(reader.GetString(1), ignoreCase: true), reader.GetInt32(2), reader.GetInt32(3),
            ReadTime(reader, 4), reader.IsDBNull(5) ? null : ReadTime(reader, 5), reader.GetString(6),
            reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8));
    }

    public async Task<TrialOutcome?> OutcomeAsync(string configurationId, int seed)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, null, $"""
            SELECT {TrialColumns} FROM trials
            WHERE configuration_id = @configuration AND seed = @seed AND state IN ('completed', 'diverged');
            """);
        Add(command, "@configuration", configurationId);
        Add(command, "@seed", seed);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? Outcome(reader) : null;
    }

    /// <summary>The sweep file of the sweep's latest run, as it was given; null for a sweep that does not exist.</summary>
    public async Task<SweepRequest?> RequestAsync(string sweepId)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, null, """
            SELECT file, text, seeds_override, epochs_override FROM sweep_runs WHERE sweep_id = @id ORDER BY run DESC LIMIT 1;
            """);
        Add(command, "@id", sweepId);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync()
            ? new SweepRequest(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetInt32(3), null)
            : null;
    }

    public async Task<SweepRun[]> RunsAsync(string sweepId)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, null, """
            SELECT run, started, file, file_sha256, text, seeds_override, epochs_override FROM sweep_runs WHERE sweep_id = @id ORDER BY run;
            """);
        Add(command, "@id", sweepId);
        await using var reader = await command.ExecuteReaderAsync();
        var runs = new List<SweepRun>();
        while (await reader.ReadAsync())
        {
            runs.Add(new SweepRun(
                reader.GetInt64(0),
                ReadTime(reader, 1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetInt32(6)));
        }

        return [.. runs];
    }

    private async Task<SweepStatus[]> StatusesAsync(string? sweepId)
    {
        await using var connection = await OpenAsync();
        var filter = sweepId is null ? "" : "WHERE sweep_id = @id";
        var counts = new Dictionary<string, List<(string State, string? Silo, int Count)>>(StringComparer.Ordinal);
        await using (var command = Command(connection, null, $"SELECT sweep_id, state, silo, count(*) FROM sweep_trials {filter} GROUP BY sweep_id, state, silo;"))
        {
            Add(command, "@id", sweepId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var id = reader.GetString(0);
                (counts.TryGetValue(id, out var list) ? list : counts[id] = []).Add((reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), Int(reader, 3)));
            }
        }

        var statuses = new List<SweepStatus>();
        await using (var command = Command(connection, null, $"""
            SELECT sweep_id, name, state, configurations, trials, created, finished, metric, trace_id
            FROM sweeps {filter} ORDER BY created, sweep_id;
            """))
        {
            Add(command, "@id", sweepId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var id = reader.GetString(0);
                var state = Enum.Parse<SweepState>(reader.GetString(2), ignoreCase: true);
                var trials = counts.GetValueOrDefault(id) ?? [];
                int Count(string name) => trials.Where(t => t.State == name).Sum(t => t.Count);

                // A trial's row says running while some process trains it; for a sweep that no longer runs, it is not this sweep's.
                var running = state == SweepState.Running ? trials.Where(t => t.State == "running") : [];
                var finished = trials.Where(t => t.State is "completed" or "failed" or "diverged");
                var silos = running.Select(t => t.Silo ?? "").Union(finished.Select(t => t.Silo ?? ""))
                    .Order(StringComparer.Ordinal)
                    .Select(silo => new SiloProgress(
                        silo,
                        running.Where(t => (t.Silo ?? "") == silo).Sum(t => t.Count),
                        finished.Where(t => (t.Silo ?? "") == silo).Sum(t => t.Count)))
                    .ToArray();
                statuses.Add(new SweepStatus(
                    id,
                    reader.GetString(1),
                    state,
                    reader.GetInt32(3),
                    reader.GetInt32(4),
                    Count("completed"),
                    Count("failed"),
                    ReadTime(reader, 5),
                    reader.IsDBNull(6) ? null : ReadTime(reader, 6),
                    reader.GetString(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8),
                    silos,
                    Count("diverged")));
            }
        }

        return [.. statuses];
    }
}
