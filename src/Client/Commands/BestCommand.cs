using System.CommandLine;
using Sweep.Client.Cli;
using Sweep.Client.Output;

namespace Sweep.Client.Commands;

/// <summary><c>sweep best ID</c>: the best configurations by a metric.</summary>
internal sealed class BestCommand : Command
{
    private const int DefaultTop = 5;

    private readonly Argument<string> id = SharedOptions.SweepId();
    private readonly Option<int?> top = SharedOptions.Positive("--top", $"How many configurations (default {DefaultTop})");
    private readonly Option<string?> metric = SharedOptions.Metric();
    private readonly SweepSource source = new();

    public BestCommand()
        : base("best", "Show the best configurations of a sweep")
    {
        Arguments.Add(id);
        Options.Add(top);
        Options.Add(metric);
        source.AddTo(this);
        SetAction((result, cancellationToken) => CliErrors.GuardAsync(async () =>
        {
            var report = await StoreQuery.RankingAsync(
                source.Store(result),
                source.Cluster(result),
                result.GetValue(id)!,
                result.GetValue(metric),
                cancellationToken);
            Terminal.Out.Write(RankingTable.Create(report, result.GetValue(top) ?? DefaultTop, Terminal.Out.Profile.Width));
            return CliErrors.Success;
        }));
    }
}
