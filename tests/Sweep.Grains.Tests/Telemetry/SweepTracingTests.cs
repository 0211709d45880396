using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Sweep.Grains.Contracts;
using Sweep.Grains.Telemetry;
using Sweep.Grains.Tests.Support;
using Sweep.Grains.Tests.Sweeps;
using Sweep.Training.Sweeps;

namespace Sweep.Grains.Tests.Telemetry;

[Collection(SweepClusterFixture.Collection)]
public sealed class SweepTracingTests(SweepClusterFixture fixture)
{
    private const string Text = """
        name: trace-test
        seeds: 2
        trial:
          dataset: {kind: moons, samples: 50, noise: 0.1, random_state: 2, train_rows: 25}
          layers:
            - {type: dense, units: 3, activation: relu}
            - {type: dense, units: 1, activation: sigmoid}
          optimizer: {name: adam, learning_rate: 0.01}
          epochs: 250
        grid:
          layers.0.units: [3, 4]
        """;

    [Fact]
    public async Task Sweep_OnTwoSilos_IsOneTraceWithOneRootAndOneSpanPerTrial()
    {
        var plan = SweepPlan.Expand(SweepFile.Parse(Text, "trace.yaml"));
        using var spans = new SpanRecorder(plan.Id);
        var sweep = fixture.Cluster.GrainFactory.GetGrain<ISweepGrain>(plan.Id);

        var status = await SweepGrainTests.WaitForCompletionAsync(sweep, await sweep.StartAsync(new SweepRequest("trace.yaml", Text, null, null, null)));
        var report = await sweep.GetReportAsync(null);

        // One root: the sweep's span, emitted when the sweep ended, over its whole life.
        Assert.Equal(4, status.Completed);
        var root = Assert.Single(spans.Stopped, s => s.OperationName == "sweep");
        Assert.Equal(default, root.ParentSpanId);
        Assert.Equal(status.TraceId, root.TraceId.ToHexString());
        Assert.Equal(ActivityStatusCode.Ok, root.Status);
        Assert.Equal((plan.Id, "trace-test", 4, 4, "completed"), ((string?)root.GetTagItem("sweep.id"), (string?)root.GetTagItem("sweep.name"), (int?)root.GetTagItem("sweep.trials"), (int?)root.GetTagItem("sweep.completed"), (string?)root.GetTagItem("sweep.state")));
        Assert.True(root.StartTimeUtc <= report.Trials.Min(t => t.Started).UtcDateTime);

        // One span per trial, in the root's trace, as its children, on both silos.
        var trials = spans.Stopped.Where(s => s.OperationName == "trial").ToArray();
        Assert.Equal(4, trials.Length);
        Assert.Equal(report.Trials.Select(t => t.TrialKey).Order(), trials.Select(t => (string)t.GetTagItem("trial.key")!).Order());
        Assert.All(trials, span =>
        {
            Assert.Equal(root.TraceId, span.TraceId);
            Assert.Equal(root.SpanId, span.ParentSpanId);
            Assert.Equal(ActivityStatusCode.Ok, span.Status);
            Assert.Equal(1, span.GetTagItem("trial.attempt"));
            Assert.Equal("completed", span.GetTagItem("trial.state"));
            var outcome = report.Trials.Single(t => t.TrialKey == (string)span.GetTagItem("trial.key")!);
            Assert.Equal(outcome.Seed, span.GetTagItem("trial.seed"));
            Assert.Equal(outcome.Silo, span.GetTagItem("trial.silo"));
            Assert.Equal(outcome.Metrics!.TestAccuracy, span.GetTagItem("trial.test_accuracy"));

            // The configuration, setting by setting; the grid's axis among them.
            Assert.Contains((long?)span.GetTagItem("trial.config.layers.0.units"), new long?[] { 3, 4 });
            Assert.Equal("adam", span.GetTagItem("trial.config.optimizer.name"));
            Assert.Equal(0.01, span.GetTagItem("trial.config.optimizer.learning_rate"));
            Assert.Equal(250L, span.GetTagItem("trial.config.epochs"));

            // Epoch events every 100 epochs, and the last.
            var events = span.Events.Where(e => e.Name == "epoch").ToArray();
            Assert.Equal([100, 200, 250], events.Select(e => (int)e.Tags.Single(t => t.Key == "epoch").Value!));
            Assert.All(events, e => Assert.Equal(["epoch", "learning_rate", "loss", "val_accuracy"], e.Tags.Select(t => t.Key).Order()));
            Assert.Equal(0.01, events[0].Tags.Single(t => t.Key == "learning_rate").Value);
        });
        Assert.Equal(2, trials.Select(t => t.GetTagItem("trial.silo")).Distinct().Count());
    }

    [Fact]
    public async Task TrialThatFails_HasAnErrorStatusPerAttempt()
    {
        var text = Text[..Text.IndexOf("grid:", StringComparison.Ordinal)]
            .Replace("units: 3, activation", $"units: {CountingTrainer.AlwaysFailsUnits}, activation", StringComparison.Ordinal)
            .Replace("seeds: 2", "seeds: [7]\nretries: 1", StringComparison.Ordinal);
        var plan = SweepPlan.Expand(SweepFile.Parse(text, "fails.yaml"));
        using var spans = new SpanRecorder(plan.Id);
        var sweep = fixture.Cluster.GrainFactory.GetGrain<ISweepGrain>(plan.Id);

        await SweepGrainTests.WaitForCompletionAsync(sweep, await sweep.StartAsync(new SweepRequest("fails.yaml", text, null, null, null)));

        var trials = spans.Stopped.Where(s => s.OperationName == "trial").OrderBy(s => (int)s.GetTagItem("trial.attempt")!).ToArray();
        Assert.Equal([1, 2], trials.Select(s => (int)s.GetTagItem("trial.attempt")!));
        Assert.Equal(["retrying", "failed"], trials.Select(s => (string?)s.GetTagItem("trial.state")));
        Assert.All(trials, s => Assert.Equal(ActivityStatusCode.Error, s.Status));
        Assert.Equal("injected failure 2 (attempt 2 of 2)", trials[1].StatusDescription);
        var root = Assert.Single(spans.Stopped, s => s.OperationName == "sweep");
        Assert.Equal(1, root.GetTagItem("sweep.failed"));
        Assert.All(trials, s => Assert.Equal(root.SpanId, s.ParentSpanId));
    }

    [Fact]
    public async Task Sweep_RecordsItsTrialsAndEpochsInTheSweepMeter()
    {
        var text = Text.Replace("name: trace-test", "name: metrics-test", StringComparison.Ordinal).Replace("epochs: 250", "epochs: 40", StringComparison.Ordinal);
        var plan = SweepPlan.Expand(SweepFile.Parse(text, "metrics.yaml"));
        var sweepTag = new KeyValuePair<string, object?>("sweep.id", plan.Id);
        var longs = new ConcurrentDictionary<string, long>();
        var doubles = new ConcurrentDictionary<string, (long Count, double Sum)>();
        var progress = new ConcurrentQueue<double>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SweepTelemetry.SourceName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (tags.ToArray().Contains(sweepTag))
            {
                longs.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (!tags.ToArray().Contains(sweepTag))
            {
                return;
            }

            if (instrument.Name == "sweep.progress")
            {
                progress.Enqueue(value);
            }
            else
            {
                doubles.AddOrUpdate(instrument.Name, (1, value), (_, seen) => (seen.Count + 1, seen.Sum + value));
            }
        });
        listener.Start();
        var sweep = fixture.Cluster.GrainFactory.GetGrain<ISweepGrain>(plan.Id);

        var started = await sweep.StartAsync(new SweepRequest("metrics.yaml", text, null, null, null));
        listener.RecordObservableInstruments();
        await SweepGrainTests.WaitForCompletionAsync(sweep, started);
        listener.RecordObservableInstruments();
        var report = await sweep.GetReportAsync(null);

        Assert.Equal(4, longs["sweep.trials.started"]);
        Assert.Equal(4, longs["sweep.trials.completed"]);
        Assert.False(longs.ContainsKey("sweep.trials.failed"));
        Assert.Equal(4, doubles["sweep.trial.duration"].Count);
        Assert.Equal(report.Trials.Sum(t => t.Metrics!.Seconds), doubles["sweep.trial.duration"].Sum, 9);
        Assert.Equal(4 * 39, doubles["sweep.epoch.duration"].Count);
        Assert.InRange(doubles["sweep.epoch.duration"].Sum, 0, report.Trials.Sum(t => t.Metrics!.Seconds));
        Assert.Equal(1.0, progress.Last());
    }

    /// <summary>
    /// Every Sweep span of one sweep that is exported while it lives, through the OpenTelemetry SDK and its
    /// in-memory exporter, as an OTLP exporter would get them.
    /// </summary>
    internal sealed class SpanRecorder : IDisposable
    {
        private readonly List<Activity> exported = [];
        private readonly TracerProvider provider;
        private readonly string sweepId;

        public SpanRecorder(string sweepId)
        {
            this.sweepId = sweepId;
            provider = Sdk.CreateTracerProviderBuilder().AddSource(SweepTelemetry.SourceName).AddInMemoryExporter(exported).Build();
        }

        public Activity[] Stopped
        {
            get
            {
                provider.ForceFlush();
                lock (exported)
                {
                    return exported.Where(a => (string?)a.GetTagItem("sweep.id") == sweepId).ToArray();
                }
            }
        }

        public void Dispose() => provider.Dispose();
    }
}
