using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Sweep.Client.Cli;
using Sweep.Client.Output;
using Sweep.Grains.Contracts;
using Sweep.Grains.ResultsStore;

namespace Sweep.Client.Commands;

/// <summary><c>sweep status ID</c>: a sweep's progress.</summary>
internal sealed class StatusCommand : Command
{
    private readonly Argument<string> id = SharedOptions.SweepId();
    private readonly SweepSource source = new();

    public StatusCommand()
        : base("status", "Show a sweep's progress")
    {
        Arguments.Add(id);
        source.AddTo(this);
        SetAction((result, cancellationToken) => CliErrors.GuardAsync(async () =>
        {
            var address = source.Cluster(result);
            var status = await StoreQuery.StatusAsync(source.Store(result), address, result.GetValue(id)!, cancellationToken);
            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("sweep", status.SweepId);
            grid.AddRow("state", status.State != SweepState.Interrupted ? status.State.ToString().ToLowerInvariant()
                : address is null ? "interrupted (the process that ran it ended first; running its sweep file again resumes it)"
                : $"interrupted (no silo of cluster '{Markup.Escape(address.ClusterId)}' has run for {ResultsLocation.AliveFor.TotalSeconds:0} s; it goes on when the cluster's silos start again)");
            grid.AddRow("configurations", $"{status.Configurations}");
            var waiting = status.Total - status.Done - status.Running;
            grid.AddRow("trials", status.State is SweepState.Cancelled or SweepState.Interrupted or SweepState.Completed or SweepState.Failed
                ? $"{status.Total}: {status.Completed} completed, {status.Failed} failed, {status.Diverged} diverged, {waiting} not run"
                : $"{status.Total}: {status.Completed} completed, {status.Failed} failed, {status.Diverged} diverged, {status.Running} running, {waiting} pending");
            foreach (var silo in status.Silos)
            {
                grid.AddRow("  on " + Markup.Escape(silo.Silo), $"{silo.Running} running, {silo.Finished} finished");
            }

            grid.AddRow("metric", status.Metric);
            if (await StoreQuery.RaceAsync(source.Store(result), address, status.SweepId, cancellationToken) is { } race)
            {
                grid.AddRow("race", Markup.Escape(RaceText.Summary(race)));
                if (RaceText.Saved(race) is { } saved)
                {
                    grid.AddRow("trials saved", saved);
                }

                foreach (var (configuration, label) in race.Configurations)
                {
                    grid.AddRow("  " + Markup.Escape(label), Markup.Escape(RaceText.Of(race, configuration)));
                }
            }

            grid.AddRow("created (UTC)", status.Created.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            grid.AddRow("finished (UTC)", status.Finished?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-");
            grid.AddRow("trace id", status.TraceId ?? "- (not traced)");
            Terminal.Out.Write(grid);
            return CliErrors.Success;
        }));
    }
}
