using Orleans.Core.Internal;
using Sweep.Grains.Contracts;
using Sweep.Grains.Results;
using Sweep.Grains.Tests.Support;
using Sweep.Training.Specs;
using Sweep.Training.Sweeps;
using Sweep.Training.Torch;

namespace Sweep.Grains.Tests.Sweeps;

[Collection(SweepClusterFixture.Collection)]
public sealed class SweepGrainTests(SweepClusterFixture fixture)
{
    private const string SweepText = """
        name: cluster-test
        seeds: 3
        trial:
          dataset: {kind: circles, samples: 100, noise: 0.1, random_state: 1, train_rows: 30}
          layers:
            - {type: dense, units: 16, activation: relu}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 30
        grid:
          layers.0.activity_regularizer.kind: [none, l1]
          layers.0.activity_regularizer.placement: [before, after]
        """;

    [Fact]
    public async Task StartAsync_TwoSilos_RunsEveryTrialOnceWithDeterministicAggregates()
    {
        var plan = SweepPlan.Expand(SweepFile.Parse(SweepText, "test.yaml"));
        var sweep = fixture.Cluster.GrainFactory.GetGrain<ISweepGrain>(plan.Id);

        var started = await sweep.StartAsync(new SweepRequest("test.yaml", SweepText, null, null, null));
        var status = await WaitForCompletionAsync(sweep, started);

        Assert.Equal(3, status.Configurations);
        Assert.Equal(9, status.Total);
        var failures = await sweep.GetReportAsync(null);
        Assert.Equal("", string.Join("\n", failures.Trials.Where(t => t.Error is not null).Select(t => t.Error)));
        Assert.Equal(9, status.Completed);
        Assert.Equal(0, status.Failed);
        Assert.All(plan.Configurations, c => Assert.All(Enumerable.Range(0, 3), seed => Assert.Equal(1, CountingTrainer.Calls[TrialKeys.For(c.Id, seed)])));

        var report = await sweep.GetReportAsync("test_accuracy");
        Assert.Equal(9, report.Trials.Length);
        Assert.All(report.Trials, t => Assert.StartsWith("S127.0.0.1", t.Silo, StringComparison.Ordinal));

        // Results are deterministic per seed, so a local run of each trial gives the cluster's numbers exactly.
        var trainer = new TorchTrainer();
        foreach (var aggregate in report.Ranking)
        {
            var spec = TrialSpecJson.Parse(aggregate.Configuration.SpecJson);
            var local = Enumerable.Range(0, 3).Select(seed => trainer.Train(spec, seed, null, default).TestAccuracy).ToArray();
            var expected = Aggregation.Summarize(local);
            Assert.Equal(expected, aggregate.Metrics["test_accuracy"]);
            Assert.Equal(3, aggregate.Completed);
        }

        var means = report.Ranking.Select(a => a.Metrics["test_accuracy"].Mean).ToArray();
        Assert.Equal(means.OrderDescending(), means);
    }

    [Fact]
    public async Task StartAsync_AnotherSweepSharingTrials_ReusesThemAndTrainsOnlyNewOnes()
    {
        var first = await RunAsync(Moons("[5, 6]"));
        var second = await RunAsync(Moons("[5, 6, 7]"));

        var configuration = first.Report.Ranking[0].Configuration.Id;
        Assert.Equal(configuration, second.Report.Ranking[0].Configuration.Id);
        Assert.NotEqual(first.Report.Status.SweepId, second.Report.Status.SweepId);
        Assert.Equal(3, second.Report.Status.Completed);
        Assert.Equal(1, CountingTrainer.Calls[TrialKeys.For(configuration, 5)]);
        Assert.Equal(1, CountingTrainer.Calls[TrialKeys.For(configuration, 6)]);
        Assert.Equal(1, CountingTrainer.Calls[TrialKeys.For(configuration, 7)]);
        Assert.Equal(first.Report.Trials[0].Metrics, second.Report.Trials[0].Metrics);
    }

    [Fact]
    public async Task StartAsync_TrialThrowsOnce_IsRetriedAndCompletesWithBothAttemptsLogged()
    {
        var run = await RunAsync(Moons("[2]").Replace("units: 4", $"units: {CountingTrainer.FailsOnFirstAttemptUnits}", StringComparison.Ordinal));

        var trial = run.Report.Trials.Single();
        Assert.Equal((TrialState.Completed, 1, 0), (trial.State, run.Report.Status.Completed, run.Report.Status.Failed));
        Assert.Equal(["injected failure", null], trial.AttemptLog.Select(a => a.Error));
        Assert.Equal([1, 2], trial.AttemptLog.Select(a => a.Number));
        Assert.Equal(2, CountingTrainer.Calls[trial.TrialKey]);
    }

    [Fact]
    public async Task StartAsync_TrialWithBadData_FailsAtOnceWithoutRetries()
    {
        var text = "retries: 2\n" + Moons("[3]").Replace("units: 4", $"units: {CountingTrainer.BadDataUnits}", StringComparison.Ordinal);

        var run = await RunAsync(text);

        var trial = run.Report.Trials.Single();
        Assert.Equal((TrialState.Failed, SweepState.Failed), (trial.State, run.Report.Status.State));
        Assert.Equal("injected bad data 1 (not retried: the data is the same on every attempt)", trial.Error);
        Assert.Equal(["injected bad data 1"], trial.AttemptLog.Select(a => a.Error));
        Assert.Equal(1, CountingTrainer.Calls[trial.TrialKey]);
    }

    [Fact]
    public async Task StartAsync_TrialAlwaysThrows_FailsAfterItsRetriesWithTheLastError()
    {
        var text = "retries: 1\n" + Moons("[3]").Replace("units: 4", $"units: {CountingTrainer.AlwaysFailsUnits}", StringComparison.Ordinal);

        var run = await RunAsync(text);

        var trial = run.Report.Trials.Single();
        Assert.Equal((TrialState.Failed, SweepState.Failed), (trial.State, run.Report.Status.State));
        Assert.Equal("injected failure 2 (attempt 2 of 2)", trial.Error);
        Assert.Equal(["injected failure 1", "injected failure 2"], trial.AttemptLog.Select(a => a.Error));
        Assert.Equal(2, CountingTrainer.Calls[trial.TrialKey]);
        var aggregate = run.Report.Ranking.Single();
        Assert.Equal((0, 1, 0), (aggregate.Completed, aggregate.Failed, aggregate.Metrics["test_accuracy"].N));
    }

    [Fact]
    public async Task StartAsync_NoRetriesThenRunAgain_FailsOnceThenCompletes()
    {
        var text = "retries: 0\n" + Moons("[1]").Replace("units: 4", $"units: {CountingTrainer.FailsOnFirstAttemptUnits}", StringComparison.Ordinal);
        var failed = await RunAsync(text);

        var retried = await RunAsync(text);

        Assert.Equal(1, failed.Report.Status.Failed);
        Assert.Equal("injected failure (attempt 1 of 1)", failed.Report.Trials.Single().Error);
        Assert.Equal((SweepState.Failed, SweepState.Completed), (failed.Report.Status.State, retried.Report.Status.State));
        Assert.Equal((0, 1), (retried.Report.Status.Failed, retried.Report.Status.Completed));
        Assert.Equal(TrialState.Completed, retried.Report.Trials.Single().State);
        Assert.Equal(2, CountingTrainer.Calls[retried.Report.Ranking[0].Configuration.Id + "-s1"]);
    }

    [Fact]
    public async Task StartAsync_LearningRate1e3_EndsDivergedAtItsEpochAndIsNotRetried()
    {
        const string Text = """
            name: diverging
            seeds: [0]
            trial:
              dataset: {kind: circles, samples: 100, noise: 0.1, random_state: 1, train_rows: 30}
              layers:
                - {type: dense, units: 64, activation: relu}
                - {type: dense, units: 64, activation: relu}
                - {type: dense, units: 64, activation: relu}
                - {type: dense, units: 1, activation: sigmoid}
              optimizer: {name: sgd, learning_rate: 1000}
              epochs: 500
            """;
        var first = await RunAsync(Text);

        var again = await RunAsync(Text);

        var trial = first.Report.Trials.Single();
        Assert.Equal(TrialState.Diverged, trial.State);
        Assert.Matches("^the training loss became (NaN|infinite) at epoch [0-9]+$", trial.Error);
        Assert.Equal((0, 0, 1), (first.Report.Status.Completed, first.Report.Status.Failed, first.Report.Status.Diverged));
        Assert.Equal((0, 1), (first.Report.Ranking.Single().Completed, first.Report.Ranking.Single().Diverged));
        Assert.Single(trial.AttemptLog);
        Assert.Equal(TrialState.Diverged, again.Report.Trials.Single().State);
        Assert.Equal(1, CountingTrainer.Calls[trial.TrialKey]);
    }

    [Fact]
    public async Task StartAsync_DivergedWithAKernelPenalty_IsStoredDivergedAndNotRetrained()
    {
        // Its weights, and so its kernel penalty, end up not finite: the trial's row must still be written.
        const string Text = """
            name: diverging-penalised
            seeds: [0]
            trial:
              dataset: {kind: circles, samples: 100, noise: 0.1, random_state: 1, train_rows: 30}
              layers:
                - {type: dense, units: 64, activation: relu, kernel_regularizer: {kind: l2, l2: 0.01}}
                - {type: dense, units: 64, activation: relu}
                - {type: dense, units: 1, activation: sigmoid}
              optimizer: {name: sgd, learning_rate: 1000}
              epochs: 500
            """;
        var first = await RunAsync(Text);

        var again = await RunAsync(Text);

        var trial = first.Report.Trials.Single();
        Assert.Equal(TrialState.Diverged, trial.State);
        Assert.Matches("^the training loss became (NaN|infinite) at epoch [0-9]+$", trial.Error);
        Assert.Equal(TrialState.Diverged, again.Report.Trials.Single().State);
        Assert.Equal(1, CountingTrainer.Calls[trial.TrialKey]);
    }

    [Fact]
    public async Task StartAsync_TrialTimeLimit_StopsTheTrialAndFailsItWithoutRetry()
    {
        var text = "trial_time_limit: 0.5\n" + Moons("[4]").Replace("epochs: 10", "epochs: 1000000", StringComparison.Ordinal);

        var run = await RunAsync(text);

        var trial = run.Report.Trials.Single();
        Assert.Equal(TrialState.Failed, trial.State);
        Assert.Equal("stopped at the time limit of 0.5 s (trial_time_limit)", trial.Error);
        Assert.Single(trial.AttemptLog);
    }

    [Fact]
    public async Task CancelAsync_WhileTrialsRun_StopsThemWithinAnEpochAndStartsNoOther()
    {
        const int Epochs = 200_000;
        var text = Moons("[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]")
            .Replace("units: 4", $"units: {CountingTrainer.SignallingUnits}", StringComparison.Ordinal)
            .Replace("epochs: 10", $"epochs: {Epochs}", StringComparison.Ordinal);
        var plan = SweepPlan.Expand(SweepFile.Parse(text, "cancel.yaml"));
        var sweep = fixture.Cluster.GrainFactory.GetGrain<ISweepGrain>(plan.Id);
        CountingTrainer.ForgetSignals();
        await sweep.StartAsync(new SweepRequest("cancel.yaml", text, null, null, null));

        // Two silos with two slots each: four trials train, six wait.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        for (var i = 0; i < 4; i++)
        {
            await CountingTrainer.SignallingStarted.WaitAsync(timeout.Token);
        }

        var running = await sweep.GetStatusAsync();
        var cancelled = await sweep.CancelAsync();

        Assert.Equal(4, running.Running);
        Assert.Equal([2, 2], running.Silos.Select(s => s.Running));
        Assert.Equal(SweepState.Cancelled, cancelled.State);
        Assert.Equal((0, 0, 0), (cancelled.Done, cancelled.Running, CountingTrainer.SignallingRunning));
        var keys = plan.Configurations.SelectMany(c => plan.Definition.Seeds.Select(seed => TrialKeys.For(c.Id, seed))).ToArray();
        var trained = keys.Where(CountingTrainer.Calls.ContainsKey).ToArray();
        Assert.Equal(4, trained.Length);
        Assert.All(trained, key => Assert.InRange(CountingTrainer.LastEpoch[key], 1, Epochs - 1));
        Assert.Null(await sweep.LeaseAsync(fixture.Cluster.Primary!.SiloAddress));
        var board = await fixture.Cluster.GrainFactory.GetGrain<ISweepCatalogGrain>(0).WaitForWorkAsync(-1, TimeSpan.Zero);
        Assert.DoesNotContain(plan.Id, board.ActiveSweeps);
        Assert.Equal(SweepState.Cancelled, (await sweep.CancelAsync()).State);
    }

    [Fact]
    public async Task TrialGrainDeactivatedWhileTraining_HandsTheTrialBackAndItCompletesOnItsNextAttempt()
    {
        var text = Moons("[31]")
            .Replace("units: 4", $"units: {CountingTrainer.SignallingUnits}", StringComparison.Ordinal)
            .Replace("epochs: 10", "epochs: 3000", StringComparison.Ordinal);
        var plan = SweepPlan.Expand(SweepFile.Parse(text, "deactivate.yaml"));
        var sweep = fixture.Cluster.GrainFactory.GetGrain<ISweepGrain>(plan.Id);
        var key = TrialKeys.For(plan.Configurations.Single().Id, 31);
        var started = await sweep.StartAsync(new SweepRequest("deactivate.yaml", text, null, null, null));
        await CountingTrainer.FirstEpoch(key).WaitAsync(TimeSpan.FromMinutes(2));

        // What Orleans does to one of two activations after a directory conflict.
        await fixture.Cluster.GrainFactory.GetGrain<ITrialGrain>(key).Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await WaitForCompletionAsync(sweep, started);

        var trial = (await sweep.GetReportAsync(null)).Trials.Single();
        Assert.Equal(TrialState.Completed, trial.State);
        Assert.Equal(2, trial.AttemptLog.Length);
        Assert.StartsWith("handed back: its grain was deactivated (", trial.AttemptLog[0].Error, StringComparison.Ordinal);
        Assert.NotNull(trial.AttemptLog[0].Ended);
        Assert.Null(trial.AttemptLog[1].Error);
        Assert.Equal(2, CountingTrainer.Calls[key]);
    }

    [Fact]
    public async Task CancelAsync_CompletedSweep_ThrowsAndKeepsResults()
    {
        var run = await RunAsync(Moons("[21]"));
        var sweep = fixture.Cluster.GrainFactory.GetGrain<ISweepGrain>(run.Report.Status.SweepId);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(sweep.CancelAsync);

        Assert.Equal($"sweep {run.Report.Status.SweepId} has already completed (1 completed, 0 failed); there is nothing to cancel", error.Message);
        Assert.Equal(SweepState.Completed, (await sweep.GetStatusAsync()).State);
    }

    [Fact]
    public async Task StartAsync_EditedBaselineOnACompletedSweep_ComparesWithTheNewBaselineWithoutTraining()
    {
        var text = SweepText.Replace("epochs: 30", "epochs: 12", StringComparison.Ordinal).Replace("seeds: 3", "seeds: 2", StringComparison.Ordinal);
        var plan = SweepPlan.Expand(SweepFile.Parse(text, "edit.yaml"));
        var sweep = fixture.Cluster.GrainFactory.GetGrain<ISweepGrain>(plan.Id);
        await WaitForCompletionAsync(sweep, await sweep.StartAsync(new SweepRequest("edit.yaml", text, null, null, null)));
        var calls = plan.Configurations.Sum(c => CountingTrainer.Calls.GetValueOrDefault(TrialKeys.For(c.Id, 0)));
        var first = await sweep.GetReportAsync(null);

        var edited = text + "\nbaseline: {layers.0.activity_regularizer.kind: l1, layers.0.activity_regularizer.placement: after}\n";
        var status = await sweep.StartAsync(new SweepRequest("edit.yaml", edited, null, null, null));
        var second = await sweep.GetReportAsync(null);

        Assert.Equal(SweepState.Completed, status.State);
        Assert.Equal(calls, plan.Configurations.Sum(c => CountingTrainer.Calls.GetValueOrDefault(TrialKeys.For(c.Id, 0))));
        Assert.Equal("kind=none", first.Ranking.Single(a => a.Configuration.Id == first.BaselineId).Configuration.Label);
        Assert.Equal("kind=l1 placement=after", second.Ranking.Single(a => a.Configuration.Id == second.BaselineId).Configuration.Label);
        Assert.Equal(edited, (await sweep.GetRequestAsync())!.Text);
        Assert.Null(second.Ranking.Single(a => a.Configuration.Id == second.BaselineId).VersusBaseline);
        Assert.NotNull(second.Ranking.Single(a => a.Configuration.Label == "kind=none").VersusBaseline);
    }

    [Fact]
    public async Task GetStatusAsync_UnknownSweep_ThrowsWithItsId()
    {
        var sweep = fixture.Cluster.GrainFactory.GetGrain<ISweepGrain>("no-such-sweep");

        var error = await Assert.ThrowsAsync<KeyNotFoundException>(sweep.GetStatusAsync);

        Assert.Equal("no sweep with id 'no-such-sweep'", error.Message);
    }

    private static string Moons(string seeds) => $$"""
        name: moons-test
        seeds: {{seeds}}
        trial:
          dataset: {kind: moons, samples: 60, noise: 0.2, random_state: 3, train_rows: 20}
          layers:
            - {type: dense, units: 4, activation: tanh}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 10
        """;

    private async Task<(SweepStatus Started, SweepReport Report)> RunAsync(string text)
    {
        var plan = SweepPlan.Expand(SweepFile.Parse(text, "moons.yaml"));
        var sweep = fixture.Cluster.GrainFactory.GetGrain<ISweepGrain>(plan.Id);
        var started = await sweep.StartAsync(new SweepRequest("moons.yaml", text, null, null, null));
        await WaitForCompletionAsync(sweep, started);
        return (started, await sweep.GetReportAsync(null));
    }

    internal static async Task<SweepStatus> WaitForCompletionAsync(ISweepGrain sweep, SweepStatus status)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (!status.Ended)
        {
            timeout.Token.ThrowIfCancellationRequested();
            status = await sweep.WaitForProgressAsync(status.Done, TimeSpan.FromSeconds(5));
        }

        return status;
    }
}
