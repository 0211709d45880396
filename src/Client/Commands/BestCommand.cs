using System.CommandLine;
using Sweep.Client.Cli;
using Sweep.Client.Hosting;
using Sweep.Client.Output;

namespace Sweep.Client.Commands;

/// <summary><c>sweep best ID</c>: the best configurations by a metric.</summary>
internal sealed class BestCommand : Command
{
    private const int DefaultTop = 5;

    private readonly Argument<string> id = SharedOptions.SweepId();
    private readonly Option<int?> top = SharedOptions.Positive("--top", $"How many configurations (default {DefaultTop})");
    private readonly Option<string?> metric = SharedOptions.Metric();
    private readonly Option<string?> store = SharedOptions.Store();
    private readonly Option<string?> cluster = SharedOptions.Cluster();
    private readonly Option<string?> clusterId = SharedOptions.ClusterId();

    public BestCommand()
        : base("best", "Show the best configurations of a sweep")
    {
        Arguments.Add(id);
        Options.Add(top);
        Options.Add(metric);
        Options.Add(store);
        Options.Add(cluster);
        Options.Add(clusterId);
        SetAction((result, cancellationToken) => CliErrors.GuardAsync(async () =>
        {
            var report = await StoreQuery.RankingAsync(
                result.GetValue(store),
                ClusterAddress.Resolve(result.GetValue(cluster), result.GetValue(clusterId)),
                result.GetValue(id)!,
                result.GetValue(metric),
                cancellationToken);
            Terminal.Out.Write(RankingTable.Create(report, result.GetValue(top) ?? DefaultTop, Terminal.Out.Profile.Width));
            return CliErrors.Success;
        }));
    }
}
