using BenchmarkDotNet.Attributes;
using Sweep.Grains.Contracts;
using Sweep.Grains.Execution;
using Sweep.Grains.Telemetry;
using Sweep.Training.Engine;

namespace Sweep.Bench.Micro;

/// <summary>
/// What tracing adds to each epoch of a trial recorded as an exporter records it: the span's epoch callback (an event
/// every <see cref="TrialExecutionOptions.EpochEventInterval"/> epochs, the epoch metrics). A fresh span starts every
/// <see cref="Epochs"/> epochs, as trials follow one another, so that a span's events do not pile up without end.
/// </summary>
// BenchmarkDotNet refuses sealed benchmark classes.
public class TrialSpanBenchmarks
{
    /// <summary>The tutorial's epochs per trial.</summary>
    public const int Epochs = 4000;

    private const string SweepSpanContext = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private readonly TrialAssignment assignment = new("bench", "configuration", "{}", 0, SweepSpanContext);
    private readonly int eventInterval = new TrialExecutionOptions().EpochEventInterval;
    private TelemetryRecorder? recorder;
    private TrialSpan? span;
    private int epoch;

    [GlobalSetup]
    public void Setup()
    {
        recorder = new TelemetryRecorder();
        span = TrialSpan.Start(assignment, 1, "bench", eventInterval);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        span?.Dispose();
        recorder?.Dispose();
    }

    [Benchmark]
    public void OnEpoch()
    {
        if (epoch == Epochs)
        {
            span!.Dispose();
            span = TrialSpan.Start(assignment, 1, "bench", eventInterval);
            epoch = 0;
        }

        epoch++;
        span!.OnEpoch(new EpochProgress(epoch, Epochs, 0.5f, 0.75f, 0.001f));
    }
}
