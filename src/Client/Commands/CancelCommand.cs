using System.CommandLine;
using Sweep.Client.Cli;
using Sweep.Client.Hosting;
using Sweep.Grains.Contracts;

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
        var address = source.Cluster(result);
        var sweepId = await StoreQuery.ResolveAsync(source.Store(result), address, result.GetValue(id)!, cancellationToken);

        // A sweep that a run in another process trains on this store: that run is interrupted first (its trials stop within
        // an epoch and what finished is stored), then the sweep is cancelled here, in the store it let go.
        if (address is null && (await StoreQuery.StatusAsync(source.Store(result), null, sweepId, cancellationToken)).State == SweepState.Running)
        {
            if (await StoreHolder.InterruptAsync(StoreLocation.Resolve(source.Store(result)), cancellationToken) is { } pid)
            {
                Console.WriteLine($"stopped the sweep run that trained it (pid {pid}); its finished trials are stored");
            }
        }

        await using var connection = await StoreQuery.OpenAsync(source.Store(result), address, EmbeddedUse.Changes, cancellationToken);
        var sweep = connection.Grains.GetGrain<ISweepGrain>(sweepId);
        var before = await sweep.GetStatusAsync();
        if (before.State == SweepState.Cancelled)
        {
            Console.WriteLine($"sweep {before.SweepId} was already cancelled: {before.Completed} completed, {before.Failed} failed, {before.Total - before.Done} not run");
            return CliErrors.Success;
        }

        try
        {
            var after = await sweep.CancelAsync();
            Console.WriteLine(
                $"sweep {after.SweepId} cancelled: {after.Completed} completed, {after.Failed} failed, {before.Running} running trials stopped, {after.Total - after.Done} not run");
            return CliErrors.Success;
        }
        catch (InvalidOperationException e)
        {
            return CliErrors.Report(e.Message, CliErrors.Failure);
        }
    }
}
