using Microsoft.AspNetCore.Builder;
using Sweep.Client.Hosting;
using Sweep.Client.Tests.Plots;
using Sweep.Client.Tests.Support;
using Sweep.Client.Web;
using Sweep.Grains.Contracts;
using Sweep.Grains.ResultsStore;
using Sweep.Training.Sweeps;

namespace Sweep.Client.Tests.Web;

/// <summary>
/// A store holding one finished sweep (the synthetic sweep's configurations and trials, written as a run writes them),
/// served by the web UI on a free loopback port for the tests of one class.
/// </summary>
public sealed class ServedStore : IAsyncLifetime
{
    private readonly TemporaryStore temp = new();

    private WebApplication? app;

    /// <summary>The served sweep's id.</summary>
    public string SweepId { get; private set; } = "";

    /// <summary>The served sweep's trials, every one completed.</summary>
    public int Trials { get; private set; }

    /// <summary>The store's folder.</summary>
    public string Store => temp.Store;

    /// <summary>A client of the app, its base address the app's.</summary>
    public HttpClient Http { get; private set; } = new();

    public async Task InitializeAsync()
    {
        var data = SyntheticSweep.Create();
        var plan = SweepPlan.Expand(SweepFile.Parse(SyntheticSweep.Circles, "synthetic.yaml"));
        var status = data.Report.Status;
        SweepId = status.SweepId;
        Trials = data.Records.Count;
        Directory.CreateDirectory(temp.Store);
        await using (var results = new SqliteResultsStore(StoreLocation.Resolve(temp.Store).DatabasePath))
        {
            var row = new SweepRow(SweepId, status.Name, SweepState.Running, status.Metric, data.Report.BaselineId, status.Created, null, null, "0af7651916cd43dd8448eb211c80319c");
            var configurations = plan.Configurations.Select(c => new ConfigurationInfo(c.Id, c.Label, c.SpecJson, c.SettingsJson)).ToArray();
            await results.SweepStartedAsync(row, configurations, plan.Definition.Seeds, data.Request!);
            foreach (var record in data.Records)
            {
                await results.TrialEndedAsync(record);
            }

            await results.SweepChangedAsync(row with { State = SweepState.Completed, Finished = status.Finished });
        }

        app = SweepWebApp.Create(new SweepSite(temp.Store, null), "127.0.0.1", 0);
        await app.StartAsync();
        Http = new HttpClient { BaseAddress = SweepWebApp.Address(app) };
    }

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
}
