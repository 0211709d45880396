using Google.Protobuf;
using Sweep.Client.Tests.Support;
using Sweep.EndToEnd.Tests.Support;
using Sweep.EndToEnd.Tests.Support.Otlp;

namespace Sweep.EndToEnd.Tests.Telemetry;

/// <summary>
/// A real OTLP round trip: <c>sweep run</c> configured only by the standard OpenTelemetry variables
/// exports over OTLP/HTTP to a receiver that decodes the protobuf payload.
/// </summary>
public sealed class TracingTests
{
    private const string Grid = """
        name: traced
        seeds: 2
        trial:
          dataset: {kind: circles, samples: 100, noise: 0.1, random_state: 4, train_rows: 30}
          layers:
            - {type: dense, units: 8, activation: relu}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 150
        grid:
          layers.0.units: [8, 16]
        """;

    [Fact]
    public async Task Run_WithOtlpVariables_ExportsTheSweepAsOneTraceOverOtlpHttp()
    {
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("traced.yaml", Grid);
        var receiver = OtlpReceiver.Start();
        (int ExitCode, string Output, string Error) run;
        await using (receiver)
        {
            run = await SweepProcess.RunWithAsync(
                new Dictionary<string, string>
                {
                    ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString(),
                    ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                    ["OTEL_SERVICE_NAME"] = "sweep-under-test",
                    ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment=ci",
                },
                "run", file, "--store", temp.Store);
        }

        Assert.True(run.ExitCode == 0, run.Error);
        var status = await SweepProcess.RunAsync("status", "traced-" + SweepId(run.Output), "--store", temp.Store);
        var spans = receiver.Spans;
        Assert.Contains("/v1/traces", receiver.Paths);
        Assert.All(spans, s =>
        {
            Assert.Equal("sweep-under-test", s.Resource["service.name"].StringValue);
            Assert.Equal("ci", s.Resource["deployment.environment"].StringValue);
            Assert.Equal("Sweep", s.Scope);
        });

        // One root, the sweep's, whose trace id `sweep status` prints; four trial spans under it.
        var root = Assert.Single(spans, s => s.Span.Name == "sweep").Span;
        Assert.True(root.ParentSpanId.IsEmpty);
        Assert.Contains(Hex(root.TraceId), status.Output, StringComparison.Ordinal);
        Assert.Equal(4, Attribute(root, "sweep.completed").IntValue);
        var trials = spans.Where(s => s.Span.Name == "trial").Select(s => s.Span).ToArray();
        Assert.Equal(4, trials.Length);
        Assert.All(trials, trial =>
        {
            Assert.Equal(root.TraceId, trial.TraceId);
            Assert.Equal(root.SpanId, trial.ParentSpanId);
            Assert.Equal("completed", Attribute(trial, "trial.state").StringValue);
            Assert.Equal(1, Attribute(trial, "trial.attempt").IntValue);
            Assert.InRange(Attribute(trial, "trial.test_accuracy").DoubleValue, 0, 1);
            Assert.True(trial.StartTimeUnixNano >= root.StartTimeUnixNano && trial.EndTimeUnixNano <= root.EndTimeUnixNano);
            Assert.Equal([100L, 150L], trial.Events.Where(e => e.Name == "epoch").Select(e => e.Attributes.Single(a => a.Key == "epoch").Value.IntValue));
        });
        Assert.Equal([0L, 0L, 1L, 1L], trials.Select(t => Attribute(t, "trial.seed").IntValue).Order());
        Assert.Equal([8L, 8L, 16L, 16L], trials.Select(t => Attribute(t, "trial.config.layers.0.units").IntValue).Order());
    }

    private static AnyValue Attribute(Span span, string key) =>
        span.Attributes.SingleOrDefault(a => a.Key == key)?.Value ?? throw new KeyNotFoundException($"span {span.Name} has no attribute {key}");

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);

    private static string SweepId(string output) => output.Split("sweep traced-")[1][..8];
}
