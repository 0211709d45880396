using System.Diagnostics;

namespace Sweep.Grains.Telemetry;

/// <summary>
/// The root span of a sweep's trace. A sweep lasts from its submission to its last trial, possibly
/// days, across silo restarts, so no process can hold its <see cref="Activity"/> open. Instead its
/// W3C context is chosen when the sweep starts and stored with the sweep; every trial span names it
/// as parent; and the span itself is emitted once, when the sweep ends, with that stored context and
/// the stored start time, by whichever silo holds the sweep then.
/// </summary>
internal static class SweepSpan
{
    /// <summary>The span's name.</summary>
    public const string Name = "sweep";

    /// <summary>A new sweep's context (W3C <c>traceparent</c>): in the trace of <paramref name="caller"/> if it names one, else in a new trace.</summary>
    public static string NewContext(string? caller)
    {
        var traceId = ActivityContext.TryParse(caller, null, out var parent) ? parent.TraceId : ActivityTraceId.CreateRandom();
        return $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01";
    }

    /// <summary>Emits the span of a sweep that has ended (<paramref name="status"/>), with the sweep's counts as tags.</summary>
    public static void Emit(string context, Contracts.SweepRequest request, Contracts.SweepStatus status, DateTimeOffset started, DateTimeOffset ended)
    {
        KeyValuePair<string, object?>[] tags =
        [
            new("sweep.id", status.SweepId),
            new("sweep.name", status.Name),
            new("sweep.file", request.File),
            new("sweep.configurations", status.Configurations),
            new("sweep.trials", status.Total),
            new("sweep.completed", status.Completed),
            new("sweep.failed", status.Failed),
            new("sweep.diverged", status.Diverged),
            new("sweep.state", status.State.ToString().ToLowerInvariant()),
        ];
        var error = status.State switch
        {
            Contracts.SweepState.Cancelled => "cancelled",
            Contracts.SweepState.Failed => $"every trial failed ({status.Failed})",
            _ => null,
        };
        Emit(context, request.TraceParent, started, ended, tags, error);
    }

    /// <summary>
    /// Emits the sweep's span with the context from <see cref="NewContext"/>, as a child of
    /// <paramref name="caller"/> when that names a span, else as the trace's root.
    /// </summary>
    public static void Emit(string context, string? caller, DateTimeOffset started, DateTimeOffset ended, IEnumerable<KeyValuePair<string, object?>> tags, string? error)
    {
        if (!ActivityContext.TryParse(context, null, out var ids))
        {
            return;
        }

        // Before any activity starts: one that started and could not take its ids would still be exported, with random ones.
        ActivityIds.EnsureSupported();
        var parent = ActivityContext.TryParse(caller, null, out var callerContext) ? callerContext : default;
        var outer = Activity.Current;
        Activity.Current = null;
        try
        {
            using var activity = SweepTelemetry.Source.CreateActivity(Name, ActivityKind.Internal, parent, tags, idFormat: ActivityIdFormat.W3C);
            if (activity is null)
            {
                return;
            }

            activity.SetStartTime(started.UtcDateTime);
            activity.Start();
            ActivityIds.Overwrite(activity, ids);
            activity.SetStatus(error is null ? ActivityStatusCode.Ok : ActivityStatusCode.Error, error);
            activity.SetEndTime(ended.UtcDateTime);
            activity.Stop();
        }
        finally
        {
            Activity.Current = outer;
        }
    }
}
