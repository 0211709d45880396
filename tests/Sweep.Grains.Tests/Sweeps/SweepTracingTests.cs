using System.Collections.Concurrent;
using System.Diagnostics;
using Sweep.Grains.Contracts;
using Sweep.Grains.Telemetry;
using Sweep.Training.Sweeps;

namespace Sweep.Grains.Tests.Sweeps;

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
          epochs: 5
        grid:
          epochs: [5, 6]
        """;

    [Fact]
    public async Task StartAsync_WithTraceParent_EveryTrialSpanJoinsTheSweepTrace()
    {
        var plan = SweepFile.Parse(Text, "trace.yaml", "trace");
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SweepTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if ((string?)activity.GetTagItem("sweep.id") == plan.Id && activity.OperationName == "trial")
                {
                    spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var root = SweepTelemetry.Source.StartActivity("sweep")!;
        var sweep = fixture.Cluster.GrainFactory.GetGrain<ISweepGrain>(plan.Id);

        var status = await SweepGrainTests.WaitForCompletionAsync(sweep, await sweep.StartAsync(new SweepRequest("trace.yaml", Text, null, null, root.Id)));

        Assert.Equal(4, status.Completed);
        Assert.Equal(root.TraceId.ToString(), status.TraceId);
        Assert.Equal(4, spans.Count);
        Assert.All(spans, span =>
        {
            Assert.Equal(root.TraceId, span.TraceId);
            Assert.Equal(root.SpanId, span.ParentSpanId);
            Assert.Equal("Completed", span.GetTagItem("trial.state"));
            Assert.IsType<double>(span.GetTagItem("trial.test_accuracy"));
        });
        Assert.Equal([0, 0, 1, 1], spans.Select(s => (int)s.GetTagItem("trial.seed")!).Order());
    }
}
