using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Sweep.Client.Cli;
using Sweep.Client.Hosting;
using Sweep.Client.Output;
using Sweep.Grains.Contracts;
using Sweep.Training.Engine;

namespace Sweep.Client.Commands;

/// <summary><c>sweep run FILE</c>: runs a sweep on the embedded cluster and prints the ranked table.</summary>
internal sealed class RunCommand : Command
{
    private readonly SweepFileInput input = new();
    private readonly Option<int?> parallel = SharedOptions.Positive("--parallel", "Trials trained at once (default: the number of cores)", 1024);
    private readonly Option<int?> top = SharedOptions.Positive("--top", "Show only the best K configurations");
    private readonly Option<string?> store = SharedOptions.Store();
    private readonly Option<bool> traceConsole = new("--trace-console") { Description = "Print every span (the sweep's, each trial's) to standard output when it ends" };
    private readonly Option<bool> traceOrleans = new("--trace-orleans") { Description = "Export Orleans' own spans (grain calls, storage) with Sweep's" };
    private readonly GridLimit limit = new();

    public RunCommand()
        : base("run", "Run a sweep on an embedded single-process cluster and print the best configurations")
    {
        input.AddTo(this);
        Options.Add(parallel);
        Options.Add(top);
        Options.Add(store);
        Options.Add(traceConsole);
        Options.Add(traceOrleans);
        limit.AddTo(this);
        SetAction((result, cancellationToken) => CliErrors.GuardAsync(() => RunAsync(result, cancellationToken)));
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var (path, text, overrides, plan) = input.Read(result, limit);
        var console = Terminal.Out;
        console.MarkupLine($"sweep [bold]{plan.Id}[/]: {plan.Configurations.Count} configurations x {plan.Definition.Seeds.Count} seeds = {plan.TrialCount} trials");

        AutoTrainer.Prepare(plan.Configurations.Select(configuration => configuration.Spec));
        var location = StoreLocation.Resolve(result.GetValue(store));
        var use = EmbeddedUse.Run(plan.Id, result.GetValue(parallel) ?? Environment.ProcessorCount) with
        {
            TraceConsole = result.GetValue(traceConsole),
            OrleansSpans = result.GetValue(traceOrleans),
        };
        await using var cluster = await EmbeddedCluster.StartAsync(location, use, cancellationToken);

        // The sweep's trace starts in its grain, which emits the sweep span when the last trial ends.
        var sweep = cluster.Grains.GetGrain<ISweepGrain>(plan.Id);
        var status = await sweep.StartAsync(new SweepRequest(Path.GetFullPath(path), text, overrides.Seeds, overrides.Epochs, null));
        if (status.Done > 0)
        {
            console.MarkupLine($"{status.Done} trials already in the store ({Markup.Escape(location.DatabasePath)}) are reused");
        }

        var (ended, exitCode) = await SweepEnding.FollowAsync(sweep, status, result.GetValue(top), location.DatabasePath, cancellationToken);
        if (plan.Definition.Race is not null && ended.State == SweepState.Completed && await sweep.GetRaceAsync() is { Ended: true } race)
        {
            // The trials the race did not need: its dropped configurations' later seeds (the table's n says how many each had).
            var confirmation = race.Confirm > 0 ? $"; {ended.Done - race.Run} more on its {race.Confirm} confirmation seeds" : "";
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"race: {race.Run} of {race.Trials} trials trained; {race.Saved} ({100.0 * race.Saved / race.Trials:0}%) were not needed{confirmation}"));
        }

        return exitCode;
    }
}
