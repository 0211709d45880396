using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Sweep.Grains.Telemetry;

namespace Sweep.Grains.Tests.Telemetry;

/// <summary>
/// Chosen span ids are written into private fields of <see cref="Activity"/>: these tests pin that against the runtime the
/// project runs on, so that a runtime that changes them fails here rather than leaving every trial span without its parent.
/// </summary>
public sealed class ActivityIdsTests
{
    private const string Chosen = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private const string Caller = "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01";

    [Theory]
    [InlineData(null)]
    [InlineData(Caller)]
    public void Overwrite_StartedActivity_HasTheChosenIdsWhenStartedAndWhenStopped(string? caller)
    {
        using var source = new ActivitySource($"Sweep.Tests.{Guid.NewGuid():N}");
        string?[]? stopped = null;
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => stopped = Ids(a),
        };
        ActivitySource.AddActivityListener(listener);
        var chosen = ActivityContext.Parse(Chosen, null);
        var parent = caller is null ? default : ActivityContext.Parse(caller, null);

        using var activity = source.CreateActivity("span", ActivityKind.Internal, parent, idFormat: ActivityIdFormat.W3C)!;
        activity.Start();
        ActivityIds.Overwrite(activity, chosen);
        var started = Ids(activity);
        activity.Stop();

        string?[] expected = ["0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", Chosen, caller is null ? "0000000000000000" : "00f067aa0ba902b7", caller];
        Assert.Equal(expected, started);
        Assert.Equal(expected, stopped);
        Assert.Equal(new ActivityContext(chosen.TraceId, chosen.SpanId, ActivityTraceFlags.Recorded), activity.Context);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(Caller)]
    public void Emit_SweepSpan_IsExportedWithItsStoredIdsUnderItsCaller(string? caller)
    {
        var sweepId = Guid.NewGuid().ToString("N");
        var exported = new List<Activity>();
        var started = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

        using (Sdk.CreateTracerProviderBuilder().AddSource(SweepTelemetry.SourceName).AddInMemoryExporter(exported).Build())
        {
            SweepSpan.Emit(Chosen, caller, started, started.AddHours(2), [new("sweep.id", sweepId)], null);
        }

        var span = Assert.Single(exported, a => (string?)a.GetTagItem("sweep.id") == sweepId);
        string?[] expected = ["0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", Chosen, caller is null ? "0000000000000000" : "00f067aa0ba902b7", caller];
        Assert.Equal(expected, Ids(span));
        Assert.Equal((started.UtcDateTime, TimeSpan.FromHours(2), ActivityStatusCode.Ok), (span.StartTimeUtc, span.Duration, span.Status));
    }

    private static string?[] Ids(Activity activity) =>
        [activity.TraceId.ToHexString(), activity.SpanId.ToHexString(), activity.Id, activity.ParentSpanId.ToHexString(), activity.ParentId];
}
