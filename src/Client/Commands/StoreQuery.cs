using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;
using Sweep.Client.Hosting;
using Sweep.Client.Output;
using Sweep.Grains.Contracts;
using Sweep.Grains.Data;
using Sweep.Grains.Results.Racing;
using Sweep.Grains.ResultsStore;
using Sweep.Training.Datasets;

namespace Sweep.Client.Commands;

/// <summary>
/// Answers the questions of commands that only read from results tables directly (no silo, a few SQL statements): the
/// embedded store's, or those of the cluster given by <c>--cluster</c>, which its silos publish; through the cluster's
/// grains where this machine cannot read its store.
/// </summary>
internal static partial class StoreQuery
{
    /// <summary>Every sweep's progress, oldest first.</summary>
    public static Task<SweepStatus[]> ListAsync(string? store, ClusterAddress? cluster, CancellationToken cancellationToken) =>
        AskAsync(
            store,
            cluster,
            async (results, held) => (await results.StatusesAsync()).Select(s => Live(s, held)).ToArray(),
            async grains =>
            {
                var ids = await grains.GetGrain<ISweepCatalogGrain>(0).ListAsync();
                return await Task.WhenAll(ids.Select(id => grains.GetGrain<ISweepGrain>(id).GetStatusAsync()));
            },
            cancellationToken);

    /// <summary>How fast each sweep's latest run goes, from the store; none where only the cluster's silos answer.</summary>
    public static Task<Dictionary<string, SweepPace>> PacesAsync(string? store, ClusterAddress? cluster, CancellationToken cancellationToken) =>
        AskAsync(
            store,
            cluster,
            async (results, _) => await results.PacesAsync(),
            _ => Task.FromResult(new Dictionary<string, SweepPace>(StringComparer.Ordinal)),
            cancellationToken);

    /// <summary>A sweep's progress.</summary>
    public static Task<SweepStatus> StatusAsync(string? store, ClusterAddress? cluster, string id, CancellationToken cancellationToken) =>
        AskAsync(
            store,
            cluster,
            async (results, held) => Live(await results.StatusAsync(await ResolveAsync(results, id)), held),
            async grains => await grains.GetGrain<ISweepGrain>(await ResolveAsync(grains, id)).GetStatusAsync(),
            cancellationToken);

    /// <summary>A raced sweep's race as its stored results replay it; null for a grid.</summary>
    public static Task<RaceStanding?> RaceAsync(string? store, ClusterAddress? cluster, string id, CancellationToken cancellationToken) =>
        AskAsync(
            store,
            cluster,
            async (results, held) => await results.RaceAsync(await ResolveAsync(results, id)),
            async grains => await grains.GetGrain<ISweepGrain>(await ResolveAsync(grains, id)).GetRaceAsync(),
            cancellationToken);

    /// <summary>A sweep's report ranked by <paramref name="metric"/>; with <paramref name="attempts"/>, every outcome's attempts.</summary>
    public static Task<SweepReport> ReportAsync(string? store, ClusterAddress? cluster, string id, string? metric, bool attempts, CancellationToken cancellationToken) =>
        AskAsync(
            store,
            cluster,
            async (results, held) => Live(await results.ReportAsync(await ResolveAsync(results, id), metric, attempts), held),
            async grains => await grains.GetGrain<ISweepGrain>(await ResolveAsync(grains, id)).GetReportAsync(metric),
            cancellationToken);

    /// <summary>
    /// What a ranked table shows of a sweep: its aggregates ranked by <paramref name="metric"/>, with the metrics shown beside
    /// it (<see cref="Numbers.Others"/>; all of them from a cluster's grains) and no min or max; its trials only where a
    /// cluster's grains send them anyway.
    /// </summary>
    public static Task<SweepReport> RankingAsync(string? store, ClusterAddress? cluster, string id, string? metric, CancellationToken cancellationToken) =>
        AskAsync(
            store,
            cluster,
            async (results, held) => Live(await results.RankingAsync(await ResolveAsync(results, id), metric, ranked => Numbers.Others(ranked)), held),
            async grains => await grains.GetGrain<ISweepGrain>(await ResolveAsync(grains, id)).GetReportAsync(metric),
            cancellationToken);

    /// <summary>
    /// A page of the sweep's finished trials (of <paramref name="configurationId"/> only, if given), latest finished first
    /// (<see cref="SqlResultsStore.TrialPageAsync"/>); from a cluster's grains where its store cannot be read here, the page
    /// taken from all its trials.
    /// </summary>
    public static Task<TrialPage> TrialPageAsync(
        string? store, ClusterAddress? cluster, string id, int offset, int limit, string? configurationId, CancellationToken cancellationToken) =>
        AskAsync(
            store,
            cluster,
            async (results, _) => await results.TrialPageAsync(await ResolveAsync(results, id), offset, limit, configurationId),
            async grains =>
            {
                var report = await grains.GetGrain<ISweepGrain>(await ResolveAsync(grains, id)).GetReportAsync(null);
                var configurations = report.Ranking.Select(a => a.Configuration).ToArray();
                var position = configurations.Select((c, i) => (c.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
                var finished = report.Trials.Where(t => configurationId is null || t.ConfigurationId == configurationId).ToArray();
                var latest = finished
                    .OrderByDescending(t => t.Finished)
                    .ThenBy(t => position.GetValueOrDefault(t.ConfigurationId))
                    .ThenBy(t => t.Seed)
                    .Skip(offset)
                    .Take(limit);
                return new TrialPage(finished.Length, [.. latest], configurations);
            },
            cancellationToken);

    /// <summary>
    /// A sweep's report ranked by <paramref name="metric"/> and every trial's record, for plots and reports; with
    /// <paramref name="dataFiles"/>, also local copies of the data files sent with it (for a figure of the data; from the
    /// cluster's silos). A copy that cannot be fetched is left out: the figure that needs it says the data cannot be read here.
    /// </summary>
    public static async Task<SweepData> LoadAsync(string? store, ClusterAddress? cluster, string id, string? metric, bool dataFiles, CancellationToken cancellationToken)
    {
        var data = await AskAsync(
            store,
            cluster,
            async (results, held) =>
            {
                var sweepId = await ResolveAsync(results, id);
                var report = Live(await results.ReportAsync(sweepId, metric, attempts: true), held);
                return new SweepData(report, await results.RecordsAsync(report), await results.RequestAsync(sweepId)) { Runs = await results.RunsAsync(sweepId) };
            },
            async grains =>
            {
                var sweep = grains.GetGrain<ISweepGrain>(await ResolveAsync(grains, id));
                var report = await sweep.GetReportAsync(metric);
                var records = await sweep.GetRecordsAsync(metric);
                var request = await sweep.GetRequestAsync();
                return new SweepData(report, records, request, dataFiles ? await CopiesAsync(grains, request) : null);
            },
            cancellationToken);
        // Only a sweep that reads a CSV file has data files (its configurations name them by SHA-256).
        var sentFiles = data.Report.Ranking.Any(a => a.Configuration.SpecJson.Contains("\"sha256\"", StringComparison.Ordinal));
        if (cluster is not null && dataFiles && data.Files is null && sentFiles)
        {
            // The data files sent with a submitted sweep are in the cluster's grain storage; the results store names them only.
            try
            {
                data = data with { Files = await FromSiloAsync(cluster, async grains => await CopiesAsync(grains, await grains.GetGrain<ISweepGrain>(data.SweepId).GetRequestAsync()), cancellationToken) };
            }
            catch (ArgumentException)
            {
                // No silo answers: the figures that need the data say it cannot be read here.
            }
        }

        return data;
    }

    /// <summary>
    /// A sweep's report ranked by its metric and, with <paramref name="trials"/>, the records of one configuration's trials
    /// only (with their attempts, penalties and, with <paramref name="histories"/>, histories): what a page of one
    /// configuration or one trial needs, without every trial's history.
    /// </summary>
    public static Task<(SweepReport Report, TrialRecord[] Records)> ConfigurationAsync(
        string? store, ClusterAddress? cluster, string id, string configurationId, bool trials, bool histories, CancellationToken cancellationToken) =>
        AskAsync(
            store,
            cluster,
            async (results, held) =>
            {
                var report = Live(await results.ReportAsync(await ResolveAsync(results, id), metric: null), held);
                return (report, trials ? await results.RecordsAsync(report, [configurationId], histories) : []);
            },
            async grains =>
            {
                var sweep = grains.GetGrain<ISweepGrain>(await ResolveAsync(grains, id));
                var records = trials ? await sweep.GetRecordsAsync(null) : [];
                return (await sweep.GetReportAsync(null), records.Where(r => r.Outcome.ConfigurationId == configurationId).ToArray());
            },
            cancellationToken);

    /// <summary>Whether the sweep (an id) has that configuration.</summary>
    public static Task<bool> HasConfigurationAsync(string? store, ClusterAddress? cluster, string sweepId, string configurationId, CancellationToken cancellationToken) =>
        AskAsync(
            store,
            cluster,
            (results, _) => results.HasConfigurationAsync(sweepId, configurationId),
            async grains => (await grains.GetGrain<ISweepGrain>(sweepId).GetReportAsync(null)).Ranking.Any(a => a.Configuration.Id == configurationId),
            cancellationToken);

    /// <summary>Whether the sweep (an id) has a finished trial of that configuration and seed.</summary>
    public static Task<bool> HasFinishedTrialAsync(string? store, ClusterAddress? cluster, string sweepId, string configurationId, int seed, CancellationToken cancellationToken) =>
        AskAsync(
            store,
            cluster,
            (results, _) => results.HasFinishedTrialAsync(sweepId, configurationId, seed),
            async grains => (await grains.GetGrain<ISweepGrain>(sweepId).GetReportAsync(null)).Trials.Any(t => t.ConfigurationId == configurationId && t.Seed == seed),
            cancellationToken);

    /// <summary>The id of the sweep <paramref name="given"/> names (an id, a unique prefix of one, or a name) in the store or cluster.</summary>
    public static Task<string> ResolveAsync(string? store, ClusterAddress? cluster, string given, CancellationToken cancellationToken) =>
        AskAsync(store, cluster, (results, _) => ResolveAsync(results, given), grains => ResolveAsync(grains, given), cancellationToken);

    private static async Task<string> ResolveAsync(SqlResultsStore results, string given) => SweepIds.Resolve(given, await results.SweepNamesAsync());

    private static async Task<string> ResolveAsync(IGrainFactory grains, string given)
    {
        var ids = await grains.GetGrain<ISweepCatalogGrain>(0).ListAsync();
        if (ids.Contains(given))
        {
            return given;
        }

        var statuses = await Task.WhenAll(ids.Select(id => grains.GetGrain<ISweepGrain>(id).GetStatusAsync()));
        return SweepIds.Resolve(given, statuses.Select(s => (s.SweepId, s.Name)).ToArray());
    }

    /// <summary>Connects to the remote cluster, or starts the embedded one on an existing store for <paramref name="use"/>.</summary>
    public static async Task<ISweepCluster> OpenAsync(string? store, ClusterAddress? cluster, EmbeddedUse use, CancellationToken cancellationToken)
    {
        if (cluster is not null)
        {
            return await RemoteCluster.ConnectAsync(cluster, cancellationToken);
        }

        return await EmbeddedCluster.StartAsync(Existing(store), use, cancellationToken);
    }

    /// <summary>
    /// A status as the store's reader sees it: a sweep the store says is running, while no process holds the store (no
    /// silo of the cluster runs), was interrupted (its process ended before it finished; its silos are gone), and none of
    /// its trials is training.
    /// </summary>
    public static SweepStatus Live(SweepStatus status, bool held) =>
        status.State == SweepState.Running && !held
            ? status with { State = SweepState.Interrupted, Silos = status.Silos.Select(s => s with { Running = 0 }).Where(s => s.Finished > 0).ToArray() }
            : status;

    private static SweepReport Live(SweepReport report, bool held) => report with { Status = Live(report.Status, held) };

    /// <summary>
    /// Answers from a results store: the embedded one, or the cluster's where its silos publish it and this machine can
    /// open it (no silo needed); otherwise from the cluster's silos. A store whose answer is "running" for a sweep while
    /// no process holds it (embedded) was interrupted (<see cref="Live(SweepStatus, bool)"/>).
    /// </summary>
    private static async Task<T> AskAsync<T>(
        string? store,
        ClusterAddress? cluster,
        Func<SqlResultsStore, bool, Task<T>> fromStore,
        Func<IGrainFactory, Task<T>> fromSilo,
        CancellationToken cancellationToken)
    {
        if (cluster is null)
        {
            return await FromStoreAsync(store, fromStore, cancellationToken);
        }

        var (opened, alive) = await ClusterResults.OpenAsync(cluster);
        await using (var results = opened)
        {
            if (results is not null)
            {
                try
                {
                    // A sweep that the store says is running while no silo has run for a while waits for silos.
                    return await fromStore(results, alive);
                }
                catch (Exception e) when (e is DbException or InvalidOperationException)
                {
                    // This machine cannot read the store (no password for it, another schema version); the silos can.
                }
            }
        }

        return await FromSiloAsync(cluster, fromSilo, cancellationToken);
    }

    /// <summary>
    /// Opens the embedded store's results. A store written by an earlier Sweep (its sweeps in grain state only) gets its
    /// rows first, from an embedded silo started once for that.
    /// </summary>
    private static async Task<T> FromStoreAsync<T>(string? store, Func<SqlResultsStore, bool, Task<T>> question, CancellationToken cancellationToken)
    {
        var location = Existing(store);
        try
        {
            await using var results = new SqliteResultsStore(location.DatabasePath);
            if (await results.LegacyImportPendingAsync())
            {
                await using var cluster = await EmbeddedCluster.StartAsync(location, EmbeddedUse.Queries, cancellationToken);
            }

            return await question(results, StoreLock.IsHeld(location));
        }
        catch (SqliteException e) when (SqliteResultsStore.CannotWrite(e))
        {
            // A store on a read-only file system: read as it is.
            await using var results = SqliteResultsStore.ReadOnly(location.DatabasePath);
            return await question(results, StoreLock.IsHeld(location));
        }
    }

    private static async Task<T> FromSiloAsync<T>(ClusterAddress cluster, Func<IGrainFactory, Task<T>> question, CancellationToken cancellationToken)
    {
        async Task<T> AskAsync()
        {
            await using var connection = await RemoteCluster.ConnectAsync(cluster, cancellationToken);
            return await question(connection.Grains);
        }

        var console = Terminal.Error;
        return Terminal.CanDraw(console)
            ? await console.Status().StartAsync(Markup.Escape($"asking cluster {cluster.ClusterId} at {cluster.Redis}"), _ => AskAsync())
            : await AskAsync();
    }

    /// <summary>
    /// Reads one sweep's live status from the embedded store again and again (as <c>watch</c> polls it) on one open store,
    /// without resolving its id or checking the schema each time.
    /// </summary>
    public sealed class StatusReader(string? store, string sweepId) : IDisposable
    {
        private readonly StoreLocation location = Existing(store);
        private SqliteResultsStore results = new(Existing(store).DatabasePath);

        public async Task<SweepStatus> ReadAsync()
        {
            // The store deleted while it is read: said, rather than a pooled connection reading the deleted file or recreating it.
            _ = Existing(location.Directory);
            try
            {
                return Live(await results.StatusAsync(sweepId), StoreLock.IsHeld(location));
            }
            catch (SqliteException e) when (SqliteResultsStore.CannotWrite(e) && !StoreLock.IsHeld(location))
            {
                // A store on a read-only file system, or one this user may not write, that no process is running a sweep on:
                // read it as it is, as the other queries do. (One that a process is writing would change under a snapshot.)
                var readOnly = SqliteResultsStore.ReadOnly(location.DatabasePath);
                results.Dispose();
                results = readOnly;
                return Live(await results.StatusAsync(sweepId), held: false);
            }
        }

        public void Dispose() => results.Dispose();
    }

    private static StoreLocation Existing(string? store)
    {
        var location = StoreLocation.Resolve(store);
        return File.Exists(location.DatabasePath)
            ? location
            : throw new MissingStoreException(location.DatabasePath);
    }

    private static async Task<DataFiles?> CopiesAsync(IGrainFactory grains, SweepRequest? request)
    {
        try
        {
            return await new DataFileCache(grains, NullLogger<DataFileCache>.Instance).ForSweepAsync(request?.DataFiles);
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
