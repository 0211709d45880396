using Sweep.Client.Commands;
using Sweep.Client.Hosting;
using Sweep.Client.Output;
using Sweep.Grains.Contracts;
using Sweep.Grains.ResultsStore;

namespace Sweep.Client.Web;

/// <summary>
/// What the web UI reads, and how: the results store of <c>--store</c> or <c>--cluster</c>, through the queries of the
/// other read-only commands (<see cref="StoreQuery"/>), so that a store a running <c>sweep run</c> holds is read as
/// <c>list</c> and <c>watch</c> read it: without its lock, never in the run's way.
/// </summary>
/// <param name="Store">The embedded store's folder; null for the default.</param>
/// <param name="Cluster">The cluster; null for the embedded store.</param>
/// <param name="AllowCancel">Whether the pages may cancel a sweep (<c>sweep serve --allow-cancel</c>, <see cref="CancelApi"/>); they only read otherwise.</param>
internal sealed record SweepSite(string? Store, ClusterAddress? Cluster, bool AllowCancel = false)
{
    /// <summary>How often an event stream reads an embedded store for news (as <c>watch</c> polls it, a few SQL statements).</summary>
    public static readonly TimeSpan StorePoll = TimeSpan.FromMilliseconds(500);

    /// <summary>How often an event stream asks a cluster's store or silos for news.</summary>
    public static readonly TimeSpan ClusterPoll = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The address of a sweep's trace in a tracing UI, <c>{trace_id}</c> standing for the trace id (<c>sweep serve
    /// --trace-url</c>); null: trace ids are shown without a link.
    /// </summary>
    public string? TraceUrl { get; init; }

    /// <summary>Whether <paramref name="template"/> can be a <see cref="TraceUrl"/>: an absolute http or https address with <c>{trace_id}</c> in it.</summary>
    public static bool IsTraceUrl(string template) =>
        template.Contains("{trace_id}", StringComparison.Ordinal)
        && Uri.TryCreate(template.Replace("{trace_id}", "0", StringComparison.Ordinal), UriKind.Absolute, out var address)
        && (address.Scheme == Uri.UriSchemeHttp || address.Scheme == Uri.UriSchemeHttps);

    /// <summary>Every sweep's status, oldest first.</summary>
    public Task<SweepStatus[]> ListAsync(CancellationToken cancellationToken) => StoreQuery.ListAsync(Store, Cluster, cancellationToken);

    /// <summary>How fast each sweep's latest run goes, by sweep id (<see cref="SweepPace"/>).</summary>
    public Task<Dictionary<string, SweepPace>> PacesAsync(CancellationToken cancellationToken) => StoreQuery.PacesAsync(Store, Cluster, cancellationToken);

    /// <summary>The id of the sweep <paramref name="given"/> names: an id, a unique prefix of one, or a name.</summary>
    /// <exception cref="KeyNotFoundException">No sweep matches.</exception>
    /// <exception cref="ArgumentException">Several sweeps match.</exception>
    public Task<string> ResolveAsync(string given, CancellationToken cancellationToken) => StoreQuery.ResolveAsync(Store, Cluster, given, cancellationToken);

    /// <summary>The sweep's results exactly as <c>sweep results ID --format json</c> prints them.</summary>
    public async Task<string> ResultsJsonAsync(string given, CancellationToken cancellationToken)
    {
        var data = await StoreQuery.LoadAsync(Store, Cluster, given, metric: null, dataFiles: false, cancellationToken);
        return ResultsDocument.Json(data.Report, data.Records, history: false);
    }

    /// <summary>The sweep's ranked configurations without its trials (<see cref="ResultsDocument.Ranking"/>), from the store's one-pass ranking.</summary>
    public async Task<string> RankingJsonAsync(string given, CancellationToken cancellationToken) =>
        ResultsDocument.Ranking(await StoreQuery.RankingAsync(Store, Cluster, given, metric: null, cancellationToken));

    /// <summary>A page of the sweep's finished trials (of one configuration, if given), latest finished first (<see cref="ResultsDocument.Trials"/>).</summary>
    /// <exception cref="KeyNotFoundException">No such sweep, or no such configuration in it.</exception>
    public async Task<string> TrialsJsonAsync(string given, int offset, int limit, string? configurationId, CancellationToken cancellationToken)
    {
        var sweepId = await ResolveAsync(given, cancellationToken);
        var page = await StoreQuery.TrialPageAsync(Store, Cluster, sweepId, offset, limit, configurationId, cancellationToken);
        if (configurationId is not null && !page.Configurations.Any(c => c.Id == configurationId))
        {
            throw NoConfiguration(sweepId, configurationId);
        }

        return ResultsDocument.Trials(sweepId, page, offset, limit);
    }

    /// <summary>
    /// One configuration of the sweep, with its trials if <paramref name="trials"/> and their histories if
    /// <paramref name="history"/> (<see cref="ResultsDocument.Configuration"/>).
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such sweep, or no such configuration in it.</exception>
    public async Task<string> ConfigurationJsonAsync(string given, string configurationId, bool trials, bool history, CancellationToken cancellationToken)
    {
        var (report, records) = await StoreQuery.ConfigurationAsync(Store, Cluster, given, configurationId, trials, history, cancellationToken);
        return ResultsDocument.Configuration(report, records, configurationId, trials, history)
            ?? throw NoConfiguration(report.Status.SweepId, configurationId);
    }

    /// <summary>One finished trial of the sweep with its history (<see cref="ResultsDocument.Trial(SweepReport, IReadOnlyList{TrialRecord}, string, int)"/>).</summary>
    /// <exception cref="KeyNotFoundException">No such sweep, or no finished trial of that configuration and seed in it.</exception>
    public async Task<string> TrialJsonAsync(string given, string configurationId, int seed, CancellationToken cancellationToken)
    {
        var (report, records) = await StoreQuery.ConfigurationAsync(Store, Cluster, given, configurationId, trials: true, histories: true, cancellationToken);
        return ResultsDocument.Trial(report, records, configurationId, seed)
            ?? throw NoTrial(report.Status.SweepId, configurationId, seed);
    }

    /// <summary>Checks that the sweep (an id) has a finished trial of that configuration and seed, with one small query.</summary>
    /// <exception cref="KeyNotFoundException">It has none.</exception>
    public async Task RequireTrialAsync(string sweepId, string configurationId, int seed, CancellationToken cancellationToken)
    {
        if (!await StoreQuery.HasFinishedTrialAsync(Store, Cluster, sweepId, configurationId, seed, cancellationToken))
        {
            throw NoTrial(sweepId, configurationId, seed);
        }
    }

    /// <summary>Checks that the sweep (an id) has that configuration, with one small query.</summary>
    /// <exception cref="KeyNotFoundException">It has not.</exception>
    public async Task RequireConfigurationAsync(string sweepId, string configurationId, CancellationToken cancellationToken)
    {
        if (!await StoreQuery.HasConfigurationAsync(Store, Cluster, sweepId, configurationId, cancellationToken))
        {
            throw NoConfiguration(sweepId, configurationId);
        }
    }

    private static KeyNotFoundException NoConfiguration(string sweepId, string configurationId) =>
        new($"no configuration '{configurationId}' in sweep '{sweepId}'");

    private static KeyNotFoundException NoTrial(string sweepId, string configurationId, int seed) =>
        new($"no finished trial of configuration '{configurationId}' with seed {seed} in sweep '{sweepId}'");

    /// <summary>
    /// Reads one sweep's status again and again for an event stream, and how long to wait between reads: one open
    /// store for an embedded one (as <c>watch</c> reads it), a question to the cluster each time for a cluster.
    /// </summary>
    public StatusSource Statuses(string sweepId, CancellationToken cancellationToken)
    {
        if (Cluster is null)
        {
            var reader = new StoreQuery.StatusReader(Store, sweepId);
            return new StatusSource(reader.ReadAsync, StorePoll, reader);
        }

        return new StatusSource(() => StoreQuery.StatusAsync(null, Cluster, sweepId, cancellationToken), ClusterPoll, null);
    }
}
