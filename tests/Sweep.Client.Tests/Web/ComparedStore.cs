using Microsoft.AspNetCore.Builder;
using Sweep.Client.Hosting;
using Sweep.Client.Tests.Support;
using Sweep.Client.Web;
using Sweep.Grains.Contracts;
using Sweep.Grains.ResultsStore;
using Sweep.Training.Sweeps;

namespace Sweep.Client.Tests.Web;

/// <summary>
/// A store of three finished sweeps written as a run writes them, with test accuracies the tests know, served on a free
/// loopback port: <c>first</c> (units 8, 16, 24, 40; seeds 0-2) and <c>second</c> (units 16, 24, 32, 40; seeds 10-13)
/// share three configurations; <c>lossy</c> (units 16) is measured by test_loss.
/// </summary>
public sealed class ComparedStore : IAsyncLifetime
{
    /// <summary>Each configuration's test accuracy per seed, by units; null: the trial failed.</summary>
    public static readonly IReadOnlyDictionary<int, double?[]> First = new Dictionary<int, double?[]>
    {
        [8] = [0.60, 0.61, 0.62],
        [16] = [0.70, 0.72, 0.74],
        [24] = [0.80, 0.85, 0.75],
        [40] = [0.50, 0.55, 0.52],
    };

    public static readonly IReadOnlyDictionary<int, double?[]> Second = new Dictionary<int, double?[]>
    {
        [16] = [0.80, 0.83, 0.79, 0.82],
        [24] = [0.81, 0.78, 0.86, 0.74],
        [32] = [0.90, 0.91, 0.92, 0.93],
        [40] = [0.90, null, null, null],
    };

    private readonly TemporaryStore temp = new();

    private WebApplication? app;

    /// <summary>The plans of the three sweeps, by name: their ids and configurations.</summary>
    public Dictionary<string, SweepPlan> Plans { get; } = [];

    // Each sweep's grid of units, in the order of its configurations.
    private Dictionary<string, int[]> Units { get; } = [];

    public string Store => temp.Store;

    public HttpClient Http { get; private set; } = new();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(temp.Store);
        await using (var results = new SqliteResultsStore(StoreLocation.Resolve(temp.Store).DatabasePath))
        {
            await WriteAsync(results, "first", "[0, 1, 2]", First, "test_accuracy");
            await WriteAsync(results, "second", "[10, 11, 12, 13]", Second, "test_accuracy");
            await WriteAsync(results, "lossy", "[20, 21]", new Dictionary<int, double?[]> { [16] = [0.7, 0.8] }, "test_loss");
        }

        app = SweepWebApp.Create(new SweepSite(temp.Store, null), "127.0.0.1", 0);
        await app.StartAsync();
        Http = new HttpClient { BaseAddress = SweepWebApp.Address(app) };
    }

    /// <summary>The configuration of sweep <paramref name="name"/> with <paramref name="units"/> units.</summary>
    public SweepConfiguration Configuration(string name, int units) => Plans[name].Configurations[Array.IndexOf(Units[name], units)];

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        temp.Dispose();
    }

    // One sweep of the given seeds, a configuration for each units, its trials' test accuracy as given (test loss 1 less it).
    private async Task WriteAsync(SqliteResultsStore results, string name, string seeds, IReadOnlyDictionary<int, double?[]> values, string metric)
    {
        Units[name] = [.. values.Keys];
        var yaml = $$"""
            name: {{name}}
            seeds: {{seeds}}
            metric: {{metric}}
            trial:
              dataset: {kind: circles, samples: 100, noise: 0.1, random_state: 1, train_rows: 30}
              layers:
                - {type: dense, units: 8, activation: relu}
                - {type: dense, units: 1, activation: sigmoid}
              epochs: 2
            grid:
              layers.0.units: [{{string.Join(", ", Units[name])}}]

            """;
        var plan = SweepPlan.Expand(SweepFile.Parse(yaml, $"{name}.yaml"));
        Plans[name] = plan;
        var row = new SweepRow(plan.Id, name, SweepState.Running, metric, plan.BaselineId, DateTimeOffset.UnixEpoch, null, null, null);
        var configurations = plan.Configurations.Select(c => new ConfigurationInfo(c.Id, c.Label, c.SpecJson, c.SettingsJson)).ToArray();
        await results.SweepStartedAsync(row, configurations, plan.Definition.Seeds, new SweepRequest($"{name}.yaml", yaml, null, null, null));
        foreach (var (units, accuracies) in values)
        {
            var id = Configuration(name, units).Id;
            foreach (var (accuracy, seed) in accuracies.Zip(plan.Definition.Seeds))
            {
                var metrics = accuracy is { } a ? new TrialMetrics(a, a, 1 - a, 1 - a, 0.5, 0.1, 1) : null;
                var outcome = new TrialOutcome(id, seed, metrics is null ? TrialState.Failed : TrialState.Completed, metrics, metrics is null ? "boom" : null, "silo-0", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(seed));
                await results.TrialEndedAsync(new TrialRecord(outcome, [0.5f, 0.4f], [0.6f, 0.7f], [], [], [], []));
            }
        }

        await results.SweepChangedAsync(row with { State = SweepState.Completed, Finished = DateTimeOffset.UnixEpoch.AddMinutes(1) });
    }
}
