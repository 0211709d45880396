using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Sweep.Grains.Contracts;
using Sweep.Grains.Execution;
using Sweep.Grains.Results;
using Sweep.Grains.Tests.Support;
using Sweep.Grains.Tests.Sweeps;
using Sweep.Training.Datasets;
using Sweep.Training.Specs;
using Sweep.Training.Sweeps;
using Sweep.Training.Torch;

namespace Sweep.Grains.Tests.Data;

/// <summary>A sweep whose CSV file was sent with it trains on silos where the file's path does not exist.</summary>
[Collection(SweepClusterFixture.Collection)]
public sealed class DataFileTests(SweepClusterFixture fixture) : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("sweep-sent-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task StartAsync_CsvSentWithTheSweepAndGoneFromItsPath_TrainsEveryTrialOnTheSentBytes()
    {
        // A column the model does not read makes the file new to every run, so no silo has a copy of it yet.
        var tag = Guid.NewGuid().ToString("N");
        var rows = DatasetExport.Csv(new DatasetSpec(DatasetKind.Moons, 60, 0.25, 7, null, null)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var bytes = Encoding.UTF8.GetBytes(string.Join("\n", rows.Select((row, i) => $"{row},{(i == 0 ? "tag" : tag)}")) + "\n");
        var csv = Path.Combine(directory, "points.csv");
        await File.WriteAllBytesAsync(csv, bytes);
        var sweepFile = Path.Combine(directory, "sweep.yaml");
        var text = $$"""
            name: sent-csv
            seeds: 2
            trial:
              dataset: {kind: csv, path: points.csv, features: [x0, x1], train_rows: 20}
              layers:
                - {type: dense, units: 6, activation: tanh}
                - {type: dense, units: 1, activation: sigmoid}
              epochs: 8
            grid:
              layers.0.units: [3, 6]
            """;
        var plan = SweepPlan.Expand(SweepFile.Parse(text, sweepFile));
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.Equal(sha256, plan.Configurations[0].Spec.Dataset.Sha256);
        var specs = plan.Configurations.Select(c => c.Spec).ToArray();

        await fixture.Cluster.GrainFactory.GetGrain<IDataFileGrain>(sha256).StoreAsync(bytes);
        File.Delete(csv);
        var sweep = fixture.Cluster.GrainFactory.GetGrain<ISweepGrain>(plan.Id);
        var started = await sweep.StartAsync(new SweepRequest(sweepFile, text, null, null, null, [new DataFileRef(csv, sha256)]));
        var status = await SweepGrainTests.WaitForCompletionAsync(sweep, started);
        var report = await sweep.GetReportAsync(null);

        Assert.Equal("", string.Join("\n", report.Trials.Where(t => t.Error is not null).Select(t => t.Error)));
        Assert.Equal(4, status.Completed);

        // The same numbers as training on the file where it was.
        await File.WriteAllBytesAsync(csv, bytes);
        var trainer = new TorchTrainer();
        foreach (var aggregate in report.Ranking)
        {
            var spec = specs.Single(s => TrialSpecJson.Write(s) == aggregate.Configuration.SpecJson);
            var local = Enumerable.Range(0, 2).Select(seed => trainer.Train(spec, seed, null, default).TestAccuracy).ToArray();
            Assert.Equal(Aggregation.Summarize(local), aggregate.Metrics["test_accuracy"]);
        }
    }

    [Fact]
    public async Task StartAsync_CsvChangedAfterStart_TrialsThatReadItFailNamingTheChangeAndSlotsAreFreed()
    {
        var csv = Path.Combine(directory, "changing.csv");
        var rows = DatasetExport.Csv(new DatasetSpec(DatasetKind.Circles, 80, 0.1, 5, 0.5, null));
        await File.WriteAllTextAsync(csv, rows);
        var sweepFile = Path.Combine(directory, "changing.yaml");
        var text = $$"""
            seeds: 6
            retries: 1
            trial:
              dataset: {kind: csv, path: changing.csv, train_rows: 30}
              layers:
                - {type: dense, units: 8, activation: relu}
                - {type: dense, units: 1, activation: sigmoid}
              epochs: 300
            grid:
              layers.0.units: [8, 9]
            """;
        var plan = SweepPlan.Expand(SweepFile.Parse(text, sweepFile));
        var sweep = fixture.Cluster.GrainFactory.GetGrain<ISweepGrain>(plan.Id);

        // 12 trials of about 0.1 s on 4 slots: most start after the file has changed, and fail twice (one retry) before training.
        var started = await sweep.StartAsync(new SweepRequest(sweepFile, text, null, null, null));
        await File.WriteAllTextAsync(csv, rows.Replace("\n", "\n\n", StringComparison.Ordinal) + "\n");
        var status = await SweepGrainTests.WaitForCompletionAsync(sweep, started);
        var report = await sweep.GetReportAsync(null);

        Assert.Equal(12, status.Completed + status.Failed);
        Assert.InRange(status.Failed, 1, 12);
        Assert.All(report.Trials.Where(t => t.State == TrialState.Failed), t => Assert.Contains("has changed since the configuration was made", t.Error, StringComparison.Ordinal));

        // Every slot a failed read held was freed: once the last trial has given its slot back (just after its report),
        // each silo's puller holds at most one of the two while it waits for work.
        foreach (var silo in fixture.Cluster.Silos.Cast<InProcessSiloHandle>())
        {
            var executor = silo.SiloHost.Services.GetRequiredService<TrialExecutor>();
            using var settle = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (executor.Free < 1 && !settle.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
            }

            Assert.True(executor.Free >= 1, $"{silo.SiloAddress} lost slots: {executor.Free} free");
        }

        // And the cluster trains the next sweep.
        var after = "seeds: 4\n" + text.Replace("seeds: 6\n", "", StringComparison.Ordinal).Replace("kind: csv, path: changing.csv,", "kind: circles, samples: 80, noise: 0.1, random_state: 6,", StringComparison.Ordinal).Replace("[8, 9]", "[8]", StringComparison.Ordinal);
        var next = SweepPlan.Expand(SweepFile.Parse(after, sweepFile));
        var nextSweep = fixture.Cluster.GrainFactory.GetGrain<ISweepGrain>(next.Id);
        var nextStatus = await SweepGrainTests.WaitForCompletionAsync(nextSweep, await nextSweep.StartAsync(new SweepRequest(sweepFile, after, null, null, null)));
        Assert.Equal(4, nextStatus.Completed);
    }

    [Fact]
    public async Task StartAsync_FileNamedButNeverSent_FailsNamingTheFile()
    {
        var csv = Path.Combine(directory, "never.csv");
        await File.WriteAllTextAsync(csv, "a,b,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n");
        var sweepFile = Path.Combine(directory, "never.yaml");
        var text = """
            trial:
              dataset: {kind: csv, path: never.csv, train_rows: 2}
              layers: [{type: dense, units: 1, activation: sigmoid}]
              epochs: 1
            """;
        var plan = SweepPlan.Expand(SweepFile.Parse(text, sweepFile));
        var unsent = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Guid.NewGuid().ToString())));

        var sweep = fixture.Cluster.GrainFactory.GetGrain<ISweepGrain>(plan.Id);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sweep.StartAsync(new SweepRequest(sweepFile, text, null, null, null, [new DataFileRef(csv, unsent)])));

        Assert.Equal($"{csv} was not sent with the sweep (no stored content has the SHA-256 {unsent})", error.Message);
        await Assert.ThrowsAsync<KeyNotFoundException>(sweep.GetStatusAsync);
    }

    [Fact]
    public async Task StoreAsync_ContentOfAnotherHash_IsRefusedAndNothingIsStored()
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Guid.NewGuid().ToString())));
        var grain = fixture.Cluster.GrainFactory.GetGrain<IDataFileGrain>(key);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => grain.StoreAsync(Encoding.UTF8.GetBytes("a,label\n1,0\n")));

        Assert.StartsWith($"the content's SHA-256 is {Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("a,label\n1,0\n")))}, not {key}", error.Message, StringComparison.Ordinal);
        Assert.False(await grain.HasAsync());
        Assert.Null(await grain.ReadAsync());
    }
}
