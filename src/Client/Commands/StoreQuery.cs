using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;
using Sweep.Client.Output;
using Sweep.Client.Hosting;
using Sweep.Client.Plots;
using Sweep.Grains.Contracts;
using Sweep.Grains.Data;
using Sweep.Training.Datasets;

namespace Sweep.Client.Commands;

/// <summary>Opens the cluster a question is for: the remote one given by <c>--cluster</c>, else the embedded store.</summary>
internal static class StoreQuery
{
    /// <summary>
    /// Asks <paramref name="question"/> of the store or cluster. Opening an embedded store takes a second or two, so a
    /// terminal sees a spinner on stderr meanwhile; redirected output stays as it was.
    /// </summary>
    public static async Task<T> AskAsync<T>(string? store, ClusterAddress? cluster, Func<IGrainFactory, Task<T>> question, CancellationToken cancellationToken)
    {
        async Task<T> AskAsync()
        {
            await using var connection = await OpenAsync(store, cluster, EmbeddedUse.Queries, cancellationToken);
            return await question(connection.Grains);
        }

        var console = Terminal.Error;
        if (!Terminal.CanDraw(console))
        {
            return await AskAsync();
        }

        var what = cluster is null ? $"reading the sweep store at {StoreLocation.Resolve(store).Directory}" : $"asking cluster {cluster.ClusterId} at {cluster.Redis}";
        return await console.Status().StartAsync(Markup.Escape(what), _ => AskAsync());
    }

    /// <summary>
    /// A sweep's report ranked by <paramref name="metric"/> and every trial's record, for plots and reports; with
    /// <paramref name="dataFiles"/>, also local copies of the data files sent with it (for a figure of the data). A copy
    /// that cannot be fetched is left out: the figure that needs it says the data cannot be read here.
    /// </summary>
    public static Task<SweepData> LoadAsync(string? store, ClusterAddress? cluster, string id, string? metric, bool dataFiles, CancellationToken cancellationToken) =>
        AskAsync(store, cluster, async grains =>
        {
            var sweep = grains.GetGrain<ISweepGrain>(id);
            var report = await sweep.GetReportAsync(metric);
            var records = await Task.WhenAll(report.Trials.Select(t => grains.GetGrain<ITrialGrain>(t.TrialKey).GetRecordAsync()));
            var request = await sweep.GetRequestAsync();
            var files = dataFiles ? await CopiesAsync(grains, request) : null;
            return new SweepData(report, records.OfType<TrialRecord>().ToArray(), request, files);
        }, cancellationToken);

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

    /// <summary>Connects to the remote cluster, or starts the embedded one on an existing store for <paramref name="use"/>.</summary>
    public static async Task<ISweepCluster> OpenAsync(string? store, ClusterAddress? cluster, EmbeddedUse use, CancellationToken cancellationToken)
    {
        if (cluster is not null)
        {
            return await RemoteCluster.ConnectAsync(cluster, cancellationToken);
        }

        var location = StoreLocation.Resolve(store);
        if (!File.Exists(location.DatabasePath))
        {
            throw new ArgumentException($"no sweep store at {location.DatabasePath}; run a sweep first or pass --store");
        }

        return await EmbeddedCluster.StartAsync(location, use, cancellationToken);
    }
}
