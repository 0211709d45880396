using System.CommandLine;
using Spectre.Console;
using Sweep.Client.Cli;
using Sweep.Client.Output;

namespace Sweep.Client.Commands;

/// <summary><c>sweep list</c>: every sweep in the store with its progress.</summary>
internal sealed class ListCommand : Command
{
    private readonly SweepSource source = new();

    public ListCommand()
        : base("list", "List the sweeps in the store")
    {
        source.AddTo(this);
        SetAction((result, cancellationToken) => CliErrors.GuardAsync(async () =>
        {
            var statuses = await StoreQuery.ListAsync(source.Store(result), source.Cluster(result), cancellationToken);

            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn("id").AddColumn("state").AddColumn(new TableColumn("configurations").RightAligned())
                .AddColumn(new TableColumn("trials").RightAligned()).AddColumn("created (UTC)");
            foreach (var status in statuses)
            {
                table.AddRow(
                    status.SweepId,
                    status.State.ToString().ToLowerInvariant(),
                    $"{status.Configurations}",
                    $"{status.Completed}/{status.Total}{ProgressView.Problems(status)}",
                    status.Created.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
            }

            if (statuses.Length == 0)
            {
                Terminal.Out.WriteLine("no sweeps yet");
            }
            else
            {
                Terminal.Out.Write(table);
            }

            return CliErrors.Success;
        }));
    }
}
