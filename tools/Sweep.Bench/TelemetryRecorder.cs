using System.Diagnostics;
using System.Diagnostics.Metrics;
using Sweep.Grains.Telemetry;

namespace Sweep.Bench;

/// <summary>
/// Listens to the Sweep source and meter as an exporter does: every span recorded with all its data, every
/// measurement enabled. Without a listener, tracing costs next to nothing, so its cost is measured with one.
/// </summary>
internal sealed class TelemetryRecorder : IDisposable
{
    private readonly ActivityListener spans;
    private readonly MeterListener meters;

    public TelemetryRecorder()
    {
        spans = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SweepTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => Events += activity.Events.Count(),
        };
        ActivitySource.AddActivityListener(spans);
        meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == SweepTelemetry.SourceName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.Start();
    }

    /// <summary>The events of the spans that have ended.</summary>
    public int Events { get; private set; }

    public void Dispose()
    {
        meters.Dispose();
        spans.Dispose();
    }
}
