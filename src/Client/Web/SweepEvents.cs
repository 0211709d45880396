using System.Text.Json;
using Sweep.Client.Output;
using Sweep.Grains.Contracts;

namespace Sweep.Client.Web;

/// <summary>
/// A sweep's progress as server-sent events (<see cref="SweepFeeds.StreamAsync"/>): one <c>progress</c> event at once,
/// then one whenever its count of finished trials or its state changes, the last when it has ended for good; then the
/// stream ends. Another process's writes to a store have no signal to wait on, so the status is read every
/// <see cref="StatusSource.Poll"/>, once for all the streams of a sweep (<see cref="SweepFeed"/>).
/// </summary>
internal static class SweepEvents
{
    /// <summary>The events' type, for <c>EventSource.addEventListener</c>.</summary>
    public const string Type = "progress";

    /// <summary>The type of the events that only keep a quiet stream open (<see cref="SweepFeeds.Heartbeat"/>).</summary>
    public const string HeartbeatType = "heartbeat";

    /// <summary>An event's data: the sweep object of <c>/api/sweeps</c>, with <c>done</c> (completed, failed and diverged) and <c>ended</c>.</summary>
    public static string Data(SweepStatus status)
    {
        var data = ResultsDocument.Sweep(status);
        data["done"] = status.Done;
        data["ended"] = status.Ended;
        return data.ToJsonString(JsonSerializerOptions.Default);
    }
}
