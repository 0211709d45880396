using Microsoft.Extensions.Time.Testing;
using Sweep.Grains.Contracts;
using Sweep.Grains.Results.Racing;
using Sweep.Grains.ResultsStore;
using Sweep.Grains.Tests.Support;
using Sweep.Training.Sweeps;

namespace Sweep.Grains.Tests.ResultsStore;

/// <summary>
/// The results store's writes and queries, the same on both engines: SQLite (a file) and PostgreSQL (a real server, a
/// fresh database per test).
/// </summary>
public sealed class ResultsStoreEngineTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);
    private static readonly ConfigurationInfo[] Configurations = [new("aaaa", "rate=0.1", "{\"rate\":0.1}", "{\"rate\":0.1}"), new("bbbb", "rate=0.5", "{\"rate\":0.5}", "{\"rate\":0.5}")];
    private static readonly int[] Seeds = [7, 8];

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("sweep-results-engine-");

    public static TheoryData<string> Engines => new() { "sqlite", "postgres" };

    public void Dispose() => folder.Delete(recursive: true);

    [SkippableTheory]
    [MemberData(nameof(Engines))]
    public async Task Queries_AfterASweepsWrites_AnswerWhatWasWritten(string engine)
    {
        var store = await OpenAsync(engine);
        await StartAsync(store);
        var completed = Record("aaaa", 7, TrialState.Completed, 0.9, [0.5f, float.NaN, 0.25f]);
        await store.TrialStartedAsync("aaaa", 7, completed.Outcome.AttemptLog[0]);
        await store.TrialEndedAsync(completed);
        await store.TrialEndedAsync(Record("bbbb", 7, TrialState.Failed, null, []));
        await store.TrialStartedAsync("aaaa", 8, Attempt(1, null));
        await store.TrialReturnedAsync("aaaa", 8, Attempt(1, "handed back: its silo was stopping"));

        var status = await store.StatusAsync("sweep1");
        var report = await store.ReportAsync("sweep1", null, attempts: true);
        var records = await store.RecordsAsync(report);
        var ended = await store.EndedTrialsAsync("sweep1");

        Assert.Equal((2, 4, 1, 1, 0), (status.Configurations, status.Total, status.Completed, status.Failed, status.Diverged));
        Assert.Equal([("aaaa", 7, TrialState.Completed), ("bbbb", 7, TrialState.Failed)], report.Trials.Select(t => (t.ConfigurationId, t.Seed, t.State)));
        Assert.Equal(0.9, report.Trials[0].Metrics!.TestAccuracy);
        Assert.Equal(T0.AddSeconds(1), report.Trials[0].Finished);
        Assert.Equal(new[] { 0.5f, float.NaN, 0.25f }, records[0].Loss);
        Assert.Equal([new PenaltyShare("layers.0.activity", 0.125)], records[0].Penalties);
        Assert.Equal(["silo-a"], records[0].Outcome.AttemptLog.Select(a => a.Silo));
        Assert.Equal("boom", report.Trials[1].Error);
        Assert.Equal([("aaaa", 7, TrialState.Completed, "silo-a"), ("bbbb", 7, TrialState.Failed, "silo-a")], ended.OrderBy(t => t.ConfigurationId, StringComparer.Ordinal).Select(t => (t.ConfigurationId, t.Seed, t.State, t.Silo)));
        Assert.Equal(["rate=0.1", "rate=0.5"], report.Ranking.Select(r => r.Configuration.Label).Order(StringComparer.Ordinal));
        Assert.Equal(["{\"rate\":0.1}", "{\"rate\":0.5}"], report.Ranking.Select(r => r.Configuration.SettingsJson).Order(StringComparer.Ordinal));
        Assert.Equal("sweep.yaml", (await store.RequestAsync("sweep1"))!.File);
        Assert.Equal([("sweep1", "demo")], await store.SweepNamesAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(Engines))]
    public async Task Records_OfOneConfiguration_HaveOnlyItsTrialsWithTheirAttemptsHistoriesAndPenalties(string engine)
    {
        var store = await OpenAsync(engine);
        await StartAsync(store);
        foreach (var (configuration, seed, silo) in new[] { ("aaaa", 7, "silo-a"), ("bbbb", 7, "silo-b"), ("bbbb", 8, "silo-c") })
        {
            var record = Record(configuration, seed, TrialState.Completed, 0.5 + seed, [seed, 1f]);
            record = record with { Outcome = record.Outcome with { Attempts = [record.Outcome.AttemptLog[0] with { Silo = silo }] } };
            await store.TrialStartedAsync(configuration, seed, record.Outcome.AttemptLog[0]);
            await store.TrialEndedAsync(record);
        }

        var report = await store.ReportAsync("sweep1", null);
        var only = await ((SqlResultsStore)store).RecordsAsync(report, ["bbbb"]);

        Assert.Equal(
            [("bbbb", 7, "silo-b", 7f, 1), ("bbbb", 8, "silo-c", 8f, 1)],
            only.Select(r => (r.Outcome.ConfigurationId, r.Outcome.Seed, r.Outcome.AttemptLog.Single().Silo, r.Loss[0], r.Penalties.Length)));
    }

    [SkippableTheory]
    [MemberData(nameof(Engines))]
    public async Task Paces_CountTheTrialsEndedSinceTheLatestRunStarted(string engine)
    {
        var time = new FakeTimeProvider(T0.AddHours(1));
        var store = (SqlResultsStore)await OpenAsync(engine, time);
        await StartAsync(store);
        time.Advance(TimeSpan.FromMinutes(10));
        await StartAsync(store);

        // Ended before the first run (a result the sweep took from the store), during the first run, then two during the
        // second, the latest: only those two count.
        foreach (var (configuration, seed, state, minutes) in new[]
        {
            ("aaaa", 7, TrialState.Completed, -30), ("aaaa", 8, TrialState.Completed, 5), ("bbbb", 7, TrialState.Completed, 11), ("bbbb", 8, TrialState.Failed, 12),
        })
        {
            var record = Record(configuration, seed, state, state == TrialState.Completed ? 0.8 : null, []);
            await store.TrialEndedAsync(record with { Outcome = record.Outcome with { Finished = T0.AddHours(1).AddMinutes(minutes) } });
        }

        var pace = (await store.PacesAsync())["sweep1"];

        Assert.Equal(new SweepPace(T0.AddHours(1).AddMinutes(10), 2, T0.AddHours(1).AddMinutes(12)), pace);
    }

    [SkippableTheory]
    [MemberData(nameof(Engines))]
    public async Task Has_AConfigurationOfTheSweepAndAFinishedTrial_AndNothingElse(string engine)
    {
        var store = (SqlResultsStore)await OpenAsync(engine);
        await StartAsync(store);
        await store.TrialEndedAsync(Record("aaaa", 7, TrialState.Failed, null, []));
        await store.TrialStartedAsync("aaaa", 8, Attempt(1, null));

        bool[] configurations = [await store.HasConfigurationAsync("sweep1", "bbbb"), await store.HasConfigurationAsync("sweep1", "zzzz"), await store.HasConfigurationAsync("nope", "aaaa")];
        bool[] trials =
        [
            await store.HasFinishedTrialAsync("sweep1", "aaaa", 7), await store.HasFinishedTrialAsync("sweep1", "aaaa", 8),
            await store.HasFinishedTrialAsync("sweep1", "bbbb", 7), await store.HasFinishedTrialAsync("nope", "aaaa", 7),
        ];

        Assert.Equal([true, false, false], configurations);
        Assert.Equal([true, false, false, false], trials);
    }

    [Fact]
    public async Task Migration_AStoreOfSchemaVersion1_GainsGridSettingsAndKeepsItsSweeps()
    {
        var path = Path.Combine(folder.FullName, "version1.db");
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = ResultsSchema.Sqlite[0] + """
                PRAGMA user_version = 1;
                INSERT INTO sweeps (sweep_id, name, state, metric, configurations, trials, created)
                VALUES ('old', 'old', 'completed', 'test_accuracy', 1, 1, '2026-12-01T00:00:00.0000000+00:00');
                INSERT INTO configurations (configuration_id, spec) VALUES ('cccc', '{}');
                INSERT INTO sweep_configurations (sweep_id, position, configuration_id, label) VALUES ('old', 0, 'cccc', 'rate=0.1');
                INSERT INTO sweep_seeds (sweep_id, seed) VALUES ('old', 0);
                """;
            await command.ExecuteNonQueryAsync();
        }

        using var store = new SqliteResultsStore(path);
        var report = await store.ReportAsync("old", null, attempts: false);
        await store.SweepStartedAsync(new SweepRow("new", "new", SweepState.Running, "test_accuracy", null, T0, null, null, null), Configurations, Seeds, new SweepRequest("sweep.yaml", "name: new", null, null, null));
        var started = await store.ReportAsync("new", null, attempts: false);

        var configuration = Assert.Single(report.Ranking).Configuration;
        Assert.Equal(("cccc", "rate=0.1", (string?)null), (configuration.Id, configuration.Label, configuration.SettingsJson));
        Assert.Equal(["{\"rate\":0.1}", "{\"rate\":0.5}"], started.Ranking.Select(r => r.Configuration.SettingsJson).Order(StringComparer.Ordinal));
        await using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=false");
        await check.OpenAsync();
        Assert.Equal(ResultsSchema.Version, await ResultsSchema.VersionAsync(check));
        Assert.Equal(4, ResultsSchema.Version);
    }

    [SkippableTheory]
    [MemberData(nameof(Engines))]
    public async Task Runs_EachStartOfASweep_IsARunThatItsAttemptsName(string engine)
    {
        var store = await OpenAsync(engine);
        var first = await StartAsync(store);
        var second = await store.SweepStartedAsync(
            new SweepRow("sweep1", "demo", SweepState.Running, "test_accuracy", "aaaa", T0, null, null, null),
            Configurations,
            Seeds,
            new SweepRequest("other.yaml", "name: demo\n# edited\n", 2, null, null));
        var record = Record("aaaa", 7, TrialState.Completed, 0.9, [1f]);
        record = record with { Outcome = record.Outcome with { Attempts = [Attempt(1, "interrupted: its silo was lost") with { Run = first }, Attempt(2, null) with { Ended = T0.AddSeconds(1), Run = second }] } };
        await store.TrialEndedAsync(record);

        var runs = await store.RunsAsync("sweep1");
        var report = await store.ReportAsync("sweep1", null, attempts: true);

        Assert.True(second > first, $"run {second} after run {first}");
        Assert.Equal([(first, "sweep.yaml", (int?)null), (second, "other.yaml", 2)], runs.Select(r => (r.Run, r.File, r.Seeds)));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("name: demo\n# edited\n"u8)), runs[1].Sha256);
        Assert.Equal("name: demo\n# edited\n", runs[1].Text);
        Assert.Equal([(1, first), (2, second)], report.Trials.Single().AttemptLog.Select(a => (a.Number, a.Run)));
        Assert.Empty(await store.RunsAsync("nothing"));
    }

    [SkippableTheory]
    [MemberData(nameof(Engines))]
    public async Task TrialEnded_ACompletedTrialAgain_KeepsTheFirstResult(string engine)
    {
        var store = await OpenAsync(engine);
        await StartAsync(store);

        await store.TrialEndedAsync(Record("aaaa", 7, TrialState.Completed, 0.9, [1f]));
        await store.TrialEndedAsync(Record("aaaa", 7, TrialState.Completed, 0.1, [2f]));
        await store.TrialStartedAsync("aaaa", 7, Attempt(3, null));

        var outcome = await store.OutcomeAsync("aaaa", 7);
        Assert.Equal((TrialState.Completed, 0.9), (outcome!.State, outcome.Metrics!.TestAccuracy));
        var records = await store.RecordsAsync(await store.ReportAsync("sweep1", null));
        Assert.Equal(new[] { 1f }, records.Single().Loss);
    }

    [SkippableTheory]
    [MemberData(nameof(Engines))]
    public async Task RetryFailed_MakesOnlyThatSweepsFailedTrialsPending(string engine)
    {
        var store = await OpenAsync(engine);
        await StartAsync(store);
        await store.TrialEndedAsync(Record("aaaa", 7, TrialState.Completed, 0.9, [1f]));
        await store.TrialEndedAsync(Record("bbbb", 8, TrialState.Failed, null, []));
        await store.TrialEndedAsync(Record("cccc", 8, TrialState.Failed, null, []));

        await store.RetryFailedAsync("sweep1");

        Assert.Equal([("aaaa", 7)], (await store.EndedTrialsAsync("sweep1")).Select(t => (t.ConfigurationId, t.Seed)));
        Assert.Null(await store.OutcomeAsync("bbbb", 8));
        Assert.Equal((1, 0), ((await store.StatusAsync("sweep1")).Completed, (await store.StatusAsync("sweep1")).Failed));
    }

    [SkippableTheory]
    [MemberData(nameof(Engines))]
    public async Task Ranking_FromTheStoresAggregates_EqualsTheRankingOfEveryTrial(string engine)
    {
        var store = await OpenAsync(engine);
        int[] seeds = [1, 2, 3, 4, 5, 6];
        await store.SweepStartedAsync(
            new SweepRow("sweep2", "demo", SweepState.Running, "test_accuracy", "aaaa", T0, null, null, null),
            Configurations,
            seeds,
            new SweepRequest("sweep.yaml", "name: demo\n", null, null, null));
        foreach (var seed in seeds)
        {
            // Means far above their spread, as accuracies are, and a failed and a diverged trial beside them.
            var state = seed == 6 ? TrialState.Failed : TrialState.Completed;
            await store.TrialEndedAsync(Record("aaaa", seed, state, state == TrialState.Failed ? null : 1000.9 + (seed * 0.001), [1f]));
            await store.TrialEndedAsync(Record("bbbb", seed, seed == 6 ? TrialState.Diverged : TrialState.Completed, 1000.905 + (seed * seed * 0.0003), [1f]));
        }

        var full = await store.ReportAsync("sweep2", null);
        var ranking = await store.RankingAsync("sweep2", null);

        Assert.Equal(full.Trials.Where(t => t.State == TrialState.Failed), ranking.Trials);
        Assert.Equal((full.Status.Completed, full.Status.Failed, full.Status.Diverged), (ranking.Status.Completed, ranking.Status.Failed, ranking.Status.Diverged));
        Assert.Equal(full.Ranking.Select(a => (a.Configuration.Id, a.Completed, a.Failed, a.Diverged)), ranking.Ranking.Select(a => (a.Configuration.Id, a.Completed, a.Failed, a.Diverged)));
        foreach (var (expected, actual) in full.Ranking.Zip(ranking.Ranking))
        {
            foreach (var (name, summary) in expected.Metrics)
            {
                var other = actual.Metrics[name];
                Assert.Equal(summary.N, other.N);
                Assert.Equal(summary.Mean, other.Mean, 1e-9);
                Assert.Equal(summary.StandardDeviation, other.StandardDeviation, 1e-9);
                Assert.Equal(summary.ConfidenceLow, other.ConfidenceLow, 1e-9);
                Assert.Equal((summary.Min, summary.Max), (other.Min, other.Max));
            }

            Assert.Equal(expected.VersusBaseline?.P ?? -1, actual.VersusBaseline?.P ?? -1, 1e-9);
            Assert.Equal(expected.VersusBaseline?.AdjustedP ?? -1, actual.VersusBaseline?.AdjustedP ?? -1, 1e-9);
        }

        Assert.NotNull(ranking.Ranking.Single(a => a.Configuration.Id == "bbbb").VersusBaseline);

        // What a ranked table shows: the ranked metric and the ones named beside it, as above but without min and max.
        var shown = await store.RankingAsync("sweep2", "test_loss", ranked => [Metric.TrainAccuracy]);
        var fullByLoss = await store.ReportAsync("sweep2", "test_loss");
        Assert.Equal(fullByLoss.Ranking.Select(a => a.Configuration.Id), shown.Ranking.Select(a => a.Configuration.Id));
        foreach (var (expected, actual) in fullByLoss.Ranking.Zip(shown.Ranking))
        {
            foreach (var (name, summary) in expected.Metrics)
            {
                var other = actual.Metrics[name];
                if (name is "test_loss" or "train_accuracy")
                {
                    Assert.Equal(summary.N, other.N);
                    Assert.Equal(summary.Mean, other.Mean, 1e-9);
                    Assert.Equal(summary.ConfidenceHigh, other.ConfidenceHigh, 1e-9);
                    Assert.True(double.IsNaN(other.Min) && double.IsNaN(other.Max), $"{name}: min and max are not asked for");
                }
                else
                {
                    Assert.Equal(0, other.N);
                }
            }

            Assert.Equal(expected.VersusBaseline?.AdjustedP ?? -1, actual.VersusBaseline?.AdjustedP ?? -1, 1e-9);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Engines))]
    public async Task ValidationMetrics_AreStoredReadAndRankedBy(string engine)
    {
        var store = await OpenAsync(engine);
        ConfigurationInfo[] validated = [new("aaaa", "rows=4", "{\"dataset\":{\"validation_rows\":4}}", "{\"rows\":4}"), new("bbbb", "rows=5", "{\"dataset\":{\"validation_rows\":5}}", "{\"rows\":5}")];
        await store.SweepStartedAsync(new SweepRow("sweep1", "demo", SweepState.Running, "val_accuracy", null, T0, null, null, null), validated, Seeds, new SweepRequest("sweep.yaml", "name: demo\n", null, null, null));
        foreach (var (configuration, seed, validation) in new[] { ("aaaa", 7, 0.75), ("aaaa", 8, 0.25), ("bbbb", 7, 0.875), ("bbbb", 8, 0.625) })
        {
            var record = Record(configuration, seed, TrialState.Completed, 0.5, [1f]);
            var metrics = record.Outcome.Metrics! with { ValAccuracy = validation, ValLoss = 1 - validation };
            await store.TrialEndedAsync(record with { Outcome = record.Outcome with { Metrics = metrics } });
        }

        var report = await store.ReportAsync("sweep1", "val_accuracy");
        var ranking = await store.RankingAsync("sweep1", "val_accuracy", ranked => [Metric.ValLoss]);

        Assert.Equal([0.75, 0.25, 0.875, 0.625], report.Trials.Select(t => t.Metrics!.ValAccuracy!.Value));
        Assert.Equal([0.25, 0.75, 0.125, 0.375], report.Trials.Select(t => t.Metrics!.ValLoss!.Value));
        Assert.Equal(["bbbb", "aaaa"], report.Ranking.Select(a => a.Configuration.Id));
        Assert.Equal(["bbbb", "aaaa"], ranking.Ranking.Select(a => a.Configuration.Id));
        Assert.Equal([0.75, 0.5], ranking.Ranking.Select(a => a.Metrics["val_accuracy"].Mean));
        Assert.Equal([0.25, 0.5], ranking.Ranking.Select(a => a.Metrics["val_loss"].Mean));
    }

    [SkippableTheory]
    [MemberData(nameof(Engines))]
    public async Task ValidationMetrics_OfATrialWithoutValidationRows_AreNotValues(string engine)
    {
        var store = await OpenAsync(engine);
        await StartAsync(store);
        await store.TrialEndedAsync(Record("aaaa", 7, TrialState.Completed, 0.5, [1f]));
        await store.TrialEndedAsync(Record("aaaa", 8, TrialState.Completed, 0.75, [1f]));

        var report = await store.ReportAsync("sweep1", null);
        var ranking = await store.RankingAsync("sweep1", null, ranked => [Metric.ValAccuracy]);

        Assert.All(report.Trials, t => Assert.Null(t.Metrics!.ValAccuracy));
        var aaaa = (report.Ranking.Single(a => a.Configuration.Id == "aaaa"), ranking.Ranking.Single(a => a.Configuration.Id == "aaaa"));
        Assert.Equal((0, 0), (aaaa.Item1.Metrics["val_accuracy"].N, aaaa.Item2.Metrics["val_accuracy"].N));
        Assert.Equal((2, 2), (aaaa.Item1.Metrics["test_accuracy"].N, aaaa.Item2.Metrics["test_accuracy"].N));
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => store.ReportAsync("sweep1", "val_accuracy"));
        Assert.StartsWith("val_accuracy is scored on validation rows, and sweep sweep1 sets none aside (dataset.validation_fraction or validation_rows); rank by test_accuracy", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => ((SqlResultsStore)store).RankingAsync("sweep1", "val_loss"));
    }

    [SkippableTheory]
    [MemberData(nameof(Engines))]
    public async Task Race_OfARacedSweep_IsReplayedFromTheStoreAndAGridHasNone(string engine)
    {
        var store = (SqlResultsStore)await OpenAsync(engine);
        var race = new RaceDefinition(2, 4, 1, 0.05, 0.01);
        int[] seeds = [0, 1, 2, 3];
        await store.SweepStartedAsync(new SweepRow("raced", "raced", SweepState.Running, "test_accuracy", null, T0, null, null, null, race), Configurations, seeds, new SweepRequest("race.yaml", "name: raced\n", null, null, null));
        await StartAsync(store);
        foreach (var seed in new[] { 0, 1 })
        {
            // The first configuration is far better on both seeds; the second one's values vary enough for a t-test.
            await store.TrialEndedAsync(Record(Configurations[0].Id, seed, TrialState.Completed, 0.9 + (seed * 0.001), [1f]));
            await store.TrialEndedAsync(Record(Configurations[1].Id, seed, TrialState.Completed, 0.5 + (seed * 0.002), [1f]));
        }

        var standing = await store.RaceAsync("raced");

        Assert.Null(await store.RaceAsync("sweep1"));
        Assert.NotNull(standing);
        Assert.Equal((2, 4, 1, 0.05, 0.01, 8, 4), (standing.MinSeeds, standing.MaxSeeds, standing.RoundSeeds, standing.Alpha, standing.Margin, standing.Trials, standing.Run));
        Assert.Equal(Configurations.Select(c => (c.Id, c.Label)), standing.Configurations);
        var expected = RaceReplay.Run(race, [.. Configurations.Select(c => c.Id)], seeds, higherIsBetter: true, (id, seed) =>
            seed < 2 ? (TrialState.Completed, id == Configurations[0].Id ? 0.9 + (seed * 0.001) : 0.5 + (seed * 0.002)) : null);
        Assert.Equal((expected.Seeds, expected.Finished, expected.Tied), (standing.Progress.Seeds, standing.Progress.Finished, standing.Progress.Tied));
        Assert.Equal(expected.Survivors, standing.Progress.Survivors);
        Assert.Equal(expected.Eliminated, standing.Progress.Eliminated);
        Assert.Equal((await store.ReportAsync("raced", null)).Race!.Progress.Survivors, standing.Progress.Survivors);
    }

    [SkippableTheory]
    [MemberData(nameof(Engines))]
    public async Task TrialPage_OfFinishedTrials_IsLatestFirstThenGridOrderWithTheirAttemptsAndTheTotal(string engine)
    {
        var store = await OpenAsync(engine);
        await StartAsync(store);
        await store.TrialEndedAsync(Record("aaaa", 7, TrialState.Completed, 0.9, [0.5f]));
        await store.TrialEndedAsync(Finished(Record("bbbb", 7, TrialState.Failed, null, []), 2));
        var retried = Finished(Record("aaaa", 8, TrialState.Completed, 0.8, [0.5f]), 2);
        await store.TrialEndedAsync(retried with { Outcome = retried.Outcome with { Attempts = [Attempt(1, "lost"), Attempt(2, null)] } });
        await store.TrialStartedAsync("bbbb", 8, Attempt(1, null));

        var first = await store.TrialPageAsync("sweep1", 0, 2);
        var second = await store.TrialPageAsync("sweep1", 2, 2);
        var beyond = await store.TrialPageAsync("sweep1", 3, 500);
        var ofB = await store.TrialPageAsync("sweep1", 0, 500, "bbbb");

        Assert.Equal((3, 3, 3), (first.Total, second.Total, beyond.Total));
        Assert.Equal([("aaaa", 8, TrialState.Completed, 2), ("bbbb", 7, TrialState.Failed, 1)], first.Trials.Select(t => (t.ConfigurationId, t.Seed, t.State, t.AttemptLog.Length)));
        Assert.Equal([("aaaa", 7, TrialState.Completed, 1)], second.Trials.Select(t => (t.ConfigurationId, t.Seed, t.State, t.AttemptLog.Length)));
        Assert.Empty(beyond.Trials);
        Assert.Equal(["lost", null], first.Trials[0].AttemptLog.Select(a => a.Error));
        Assert.Equal((0.8, T0.AddSeconds(2), "boom"), (first.Trials[0].Metrics!.TestAccuracy, first.Trials[0].Finished, first.Trials[1].Error));
        Assert.Equal(["aaaa", "bbbb"], first.Configurations.Select(c => c.Id));
        Assert.Equal(1, ofB.Total);
        Assert.Equal([("bbbb", 7, TrialState.Failed, 1)], ofB.Trials.Select(t => (t.ConfigurationId, t.Seed, t.State, t.AttemptLog.Length)));
        Assert.Equal("no sweep with id 'nope'", (await Assert.ThrowsAsync<KeyNotFoundException>(() => store.TrialPageAsync("nope", 0, 1))).Message);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.TrialPageAsync("sweep1", -1, 1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.TrialPageAsync("sweep1", 0, 0));
    }

    private static TrialRecord Finished(TrialRecord record, int seconds) =>
        record with { Outcome = record.Outcome with { Finished = T0.AddSeconds(seconds) } };

    private async Task<IResultsStore> OpenAsync(string engine, TimeProvider? time = null)
    {
        if (engine == "sqlite")
        {
            return new SqliteResultsStore(Path.Combine(folder.FullName, "results.db"), time);
        }

        PostgresServer.SkipUnlessInstalled();
        return new PostgresResultsStore(await postgres.Server.CreateDatabaseAsync(), time);
    }

    private static Task<long> StartAsync(IResultsStore store) =>
        store.SweepStartedAsync(
            new SweepRow("sweep1", "demo", SweepState.Running, "test_accuracy", "aaaa", T0, null, null, null),
            Configurations,
            Seeds,
            new SweepRequest("sweep.yaml", "name: demo\n", null, null, null));

    private static TrialAttempt Attempt(int number, string? error) => new(number, "silo-a", T0, error is null ? null : T0.AddSeconds(1), error);

    private static TrialRecord Record(string configurationId, int seed, TrialState state, double? accuracy, float[] loss)
    {
        var metrics = accuracy is { } a ? new TrialMetrics(a, a, 0.2, 0.3, 0.4, 0.5, 1.5, "fused") : null;
        var outcome = new TrialOutcome(configurationId, seed, state, metrics, state == TrialState.Failed ? "boom" : null, "silo-a", T0, T0.AddSeconds(1), [Attempt(1, null) with { Ended = T0.AddSeconds(1) }]);
        return new TrialRecord(outcome, loss, loss, loss, loss, loss, metrics is null ? [] : [new PenaltyShare("layers.0.activity", 0.125)]);
    }
}
