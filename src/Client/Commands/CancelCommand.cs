using System.CommandLine;
using Sweep.Client.Cli;

namespace Sweep.Client.Commands;

/// <summary><c>sweep cancel ID</c>: pending trials never start, running ones stop within an epoch, finished results stay.</summary>
internal sealed class CancelCommand : Command
{
    private readonly Argument<string> id = SharedOptions.SweepId();
    private readonly SweepSource source = new();

    public CancelCommand()
        : base("cancel", "Cancel a sweep: pending trials never start, running ones stop within an epoch, finished results stay (running the file again resumes it)")
    {
        Arguments.Add(id);
        source.AddTo(this);
        SetAction((result, cancellationToken) => CliErrors.GuardAsync(() => CancelAsync(result, cancellationToken)));
    }

    private async Task<int> CancelAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var (store, cluster) = (source.Store(result), source.Cluster(result));
        var sweepId = await StoreQuery.ResolveAsync(store, cluster, result.GetValue(id)!, cancellationToken);
        try
        {
            await SweepCancellation.CancelAsync(store, cluster, sweepId, Console.WriteLine, cancellationToken);
            return CliErrors.Success;
        }
        catch (InvalidOperationException e)
        {
            return CliErrors.Report(e.Message, CliErrors.Failure);
        }
    }
}
