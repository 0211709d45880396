using System.CommandLine;
using Sweep.Client.Cli;
using Sweep.Client.Hosting;
using Sweep.Client.Output;
using Sweep.Grains.Contracts;

namespace Sweep.Client.Commands;

/// <summary><c>sweep submit FILE --cluster CONN</c>: hands a sweep to a cluster and prints its id; <c>--wait</c> follows it to the end.</summary>
internal sealed class SubmitCommand : Command
{
    private readonly SweepFileInput input = new();
    private readonly Option<bool> wait = new("--wait") { Description = "Show progress until the sweep is done, then the ranked table" };
    private readonly Option<int?> top = SharedOptions.Positive("--top", "With --wait: show only the best K configurations");
    private readonly Option<string?> cluster = SharedOptions.Cluster();
    private readonly Option<string?> clusterId = SharedOptions.ClusterId();
    private readonly Option<string> data = new("--data")
    {
        Description = "copy: send each CSV file the sweep reads with it (at most 64 MiB each); path: every silo reads it at the same path (a shared file system)",
        DefaultValueFactory = _ => "copy",
    };

    private readonly GridLimit limit = new();

    public SubmitCommand()
        : base("submit", "Submit a sweep to a cluster and print its id")
    {
        input.AddTo(this);
        Options.Add(wait);
        Options.Add(top);
        Options.Add(cluster);
        Options.Add(clusterId);
        data.AcceptOnlyFromAmong("copy", "path");
        Options.Add(data);
        limit.AddTo(this);
        SetAction((result, cancellationToken) => CliErrors.GuardAsync(() => SubmitAsync(result, cancellationToken)));
    }

    private async Task<int> SubmitAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var address = ClusterAddress.Resolve(result.GetValue(cluster), result.GetValue(clusterId))
            ?? throw new ArgumentException($"submit needs a cluster: pass --cluster HOST:PORT or set ${ClusterAddress.EnvironmentVariable}; to run on this machine use sweep run FILE");
        var (path, text, overrides, plan) = input.Read(result, limit);
        var sent = result.GetValue(data) == "copy" ? DataFileUpload.Named(plan) : null;

        await using var connection = await RemoteCluster.ConnectAsync(address, cancellationToken);
        var sweep = connection.Grains.GetGrain<ISweepGrain>(plan.Id);
        if (await ExistingAsync(sweep) is { } existing)
        {
            throw new ArgumentException(
                $"sweep {plan.Id} was already submitted to {connection.Location} ({existing.Done} of {existing.Total} trials done); follow it with sweep status {plan.Id} --cluster {address.Redis}, or train its failed trials again with sweep retry {plan.Id} --cluster {address.Redis}");
        }

        if (sent is not null)
        {
            await DataFileUpload.SendAsync(sent, connection.Grains, Console.Error);
        }

        var status = await sweep.StartAsync(new SweepRequest(Path.GetFullPath(path), text, overrides.Seeds, overrides.Epochs, null, sent));
        Console.WriteLine(plan.Id);
        if (!result.GetValue(wait))
        {
            await Console.Error.WriteLineAsync($"{plan.Configurations.Count} configurations x {plan.Definition.Seeds.Count} seeds = {plan.TrialCount} trials submitted to {connection.Location}");
            return CliErrors.Success;
        }

        return (await SweepEnding.FollowAsync(sweep, status, result.GetValue(top), null, cancellationToken)).ExitCode;
    }

    private static async Task<SweepStatus?> ExistingAsync(ISweepGrain sweep)
    {
        try
        {
            return await sweep.GetStatusAsync();
        }
        catch (KeyNotFoundException)
        {
            return null;
        }
    }
}
