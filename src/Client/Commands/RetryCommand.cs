using System.CommandLine;
using Sweep.Client.Cli;
using Sweep.Client.Hosting;
using Sweep.Client.Output;
using Sweep.Grains.Contracts;

namespace Sweep.Client.Commands;

/// <summary>
/// <c>sweep retry ID</c>: trains again what a sweep lacks (its failed trials with fresh retries, and the trials a
/// cancelled or interrupted sweep never ran) from the sweep file it last ran with, as stored; every stored result is
/// reused, and diverged trials stand (they diverge again). On the embedded store it trains here, as <c>run</c> does; on
/// a cluster it hands the trials to the silos (<c>--wait</c> follows them). It is a run of the sweep's file like any
/// other, recorded as such.
/// </summary>
internal sealed class RetryCommand : Command
{
    private readonly Argument<string> id = SharedOptions.SweepId();
    private readonly Option<int?> parallel = SharedOptions.Positive("--parallel", "Embedded: trials trained at once (default: the number of cores)", 1024);
    private readonly Option<int?> top = SharedOptions.Positive("--top", "Show only the best K configurations");
    private readonly Option<bool> wait = new("--wait") { Description = "Cluster: follow the trials to the end and print the ranked table" };
    private readonly SweepSource source = new();

    public RetryCommand()
        : base("retry", "Train a sweep's failed trials again (and those a cancelled or interrupted sweep never ran), reusing every stored result")
    {
        Arguments.Add(id);
        Options.Add(parallel);
        Options.Add(top);
        Options.Add(wait);
        source.AddTo(this);
        SetAction((result, cancellationToken) => CliErrors.GuardAsync(() => RetryAsync(result, cancellationToken)));
    }

    private async Task<int> RetryAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var address = source.Cluster(result);
        var sweepId = await StoreQuery.ResolveAsync(source.Store(result), address, result.GetValue(id)!, cancellationToken);
        var before = await StoreQuery.StatusAsync(source.Store(result), address, sweepId, cancellationToken);
        if (before.State == SweepState.Running)
        {
            throw new ArgumentException($"sweep {sweepId} is running ({before.Done} of {before.Total} trials done); retry it once it has ended, or cancel it first");
        }

        if (before.Done == before.Total && before.Failed == 0)
        {
            await Console.Error.WriteLineAsync($"sweep {sweepId} has nothing to retry: {before.Completed} completed, {before.Diverged} diverged (diverged trials diverge again)");
            return CliErrors.Success;
        }

        var location = address is null ? StoreLocation.Resolve(source.Store(result)) : null;
        var use = EmbeddedUse.Run(sweepId, result.GetValue(parallel) ?? Environment.ProcessorCount);
        await using var connection = await StoreQuery.OpenAsync(source.Store(result), address, use, cancellationToken);
        var sweep = connection.Grains.GetGrain<ISweepGrain>(sweepId);
        var request = await sweep.GetRequestAsync() ?? throw new KeyNotFoundException($"no sweep with id '{sweepId}'");
        var status = await sweep.StartAsync(request);
        await Console.Error.WriteLineAsync(
            $"sweep {sweepId}: {before.Failed} failed and {before.Total - before.Done} never run trials to train again on {connection.Location}; {before.Completed} completed and {before.Diverged} diverged stand");
        if (address is not null && !result.GetValue(wait))
        {
            return CliErrors.Success;
        }

        return (await SweepEnding.FollowAsync(sweep, status, result.GetValue(top), location?.DatabasePath, cancellationToken)).ExitCode;
    }
}
