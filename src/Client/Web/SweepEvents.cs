using System.Runtime.CompilerServices;
using System.Text.Json;
using Sweep.Client.Output;
using Sweep.Grains.Contracts;

namespace Sweep.Client.Web;

/// <summary>
/// A sweep's progress as server-sent events: one <c>progress</c> event at once, then one whenever its count of finished
/// trials or its state changes, the last when it has ended; then the stream ends. Another process's writes to a store
/// have no signal to wait on, so the status is read every <see cref="StatusSource.Poll"/>.
/// </summary>
internal static class SweepEvents
{
    /// <summary>The events' type, for <c>EventSource.addEventListener</c>.</summary>
    public const string Type = "progress";

    public static async IAsyncEnumerable<string> StreamAsync(StatusSource statuses, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (statuses)
        {
            SweepStatus? sent = null;
            while (!cancellationToken.IsCancellationRequested)
            {
                var status = await statuses.ReadAsync();
                if (sent is null || status.Done != sent.Done || status.State != sent.State)
                {
                    yield return Data(status);
                    sent = status;
                }

                if (status.Ended)
                {
                    yield break;
                }

                // A client that goes away, or a server that stops, ends the stream here, without an exception.
                await Task.Delay(statuses.Poll, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>An event's data: the sweep object of <c>/api/sweeps</c>, with <c>done</c> (completed, failed and diverged) and <c>ended</c>.</summary>
    public static string Data(SweepStatus status)
    {
        var data = ResultsDocument.Sweep(status);
        data["done"] = status.Done;
        data["ended"] = status.Ended;
        return data.ToJsonString(JsonSerializerOptions.Default);
    }
}
