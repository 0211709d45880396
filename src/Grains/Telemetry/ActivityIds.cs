using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Sweep.Grains.Telemetry;

/// <summary>
/// Gives a started <see cref="Activity"/> a trace id and span id chosen before it, so that a span emitted long after its
/// children started (a sweep's) has the ids they named as their parent.
/// </summary>
/// <remarks>
/// Neither System.Diagnostics nor the OpenTelemetry SDK has a supported way to do this: an activity's span id is always
/// random (<see cref="Activity.TraceIdGenerator"/>, from dotnet/runtime#46704, chooses only trace ids, process-wide, for
/// root activities), and the SDK's exporters take activities, not span data built by hand. So the ids are written into
/// the activity's private fields, and <c>ActivityIdsTests</c> checks against the runtime in use that the activity and
/// what is exported from it then carry exactly those ids. A runtime without the fields fails here, loudly.
/// </remarks>
internal static class ActivityIds
{
    private static readonly (string Name, FieldInfo? Field) TraceId = Field("_traceId");
    private static readonly (string Name, FieldInfo? Field) SpanId = Field("_spanId");
    private static readonly (string Name, FieldInfo? Field) Id = Field("_id");

    /// <summary>Throws unless the runtime's <see cref="Activity"/> has every field <see cref="Overwrite"/> writes: checked before an activity starts, so none is half written.</summary>
    /// <exception cref="InvalidOperationException">A field is missing; the message names it.</exception>
    public static void EnsureSupported()
    {
        foreach (var target in new[] { TraceId, SpanId, Id })
        {
            _ = Required(target);
        }
    }

    /// <summary>
    /// Gives <paramref name="activity"/>, started in W3C format, the trace id and span id of <paramref name="ids"/>; its
    /// parent, flags and everything else stay.
    /// </summary>
    /// <exception cref="InvalidOperationException">The runtime's <see cref="Activity"/> has not the fields this writes.</exception>
    public static void Overwrite(Activity activity, ActivityContext ids)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var traceId = ids.TraceId.ToHexString();
        var spanId = ids.SpanId.ToHexString();
        Set(TraceId, activity, traceId);
        Set(SpanId, activity, spanId);
        Set(Id, activity, $"00-{traceId}-{spanId}-{(byte)activity.ActivityTraceFlags:x2}");
    }

    private static (string, FieldInfo?) Field(string name)
    {
        var field = typeof(Activity).GetField(name, BindingFlags.Instance | BindingFlags.NonPublic);
        return (name, field?.FieldType == typeof(string) ? field : null);
    }

    private static void Set((string Name, FieldInfo? Field) target, Activity activity, string value) => Required(target).SetValue(activity, value);

    private static FieldInfo Required((string Name, FieldInfo? Field) target) => target.Field ?? throw new InvalidOperationException(
        $"System.Diagnostics.Activity has no string field {target.Name} in {RuntimeInformation.FrameworkDescription}, so a span cannot be given chosen ids");
}
