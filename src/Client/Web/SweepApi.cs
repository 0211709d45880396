using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Sweep.Client.Web;

/// <summary>
/// The JSON endpoints, one for each page, all GET (nothing here changes a sweep): <c>/api/sweeps</c> (what <c>sweep
/// list</c> shows), <c>/api/sweeps/{id}</c> (exactly what <c>sweep results ID --format json</c> prints) and
/// <c>/api/sweeps/{id}/events</c> (the sweep's progress as server-sent events). An id is what the command line takes:
/// an id, a unique prefix of one, or a sweep's name. No such sweep: 404 with <c>{"error": "no sweep with id 'ID'"}</c>;
/// several: 400, the message naming them.
/// </summary>
internal static class SweepApi
{
    public const string JsonType = "application/json; charset=utf-8";

    public static void Map(IEndpointRouteBuilder endpoints, SweepSite site)
    {
        endpoints.MapGet("/api/sweeps", async (CancellationToken cancellationToken) =>
            TypedResults.Text(Output.ResultsDocument.Sweeps(await site.ListAsync(cancellationToken)), JsonType));

        endpoints.MapGet("/api/sweeps/{id}", (string id, CancellationToken cancellationToken) =>
            GuardAsync(async () => TypedResults.Text(await site.ResultsJsonAsync(id, cancellationToken), JsonType)));

        endpoints.MapGet("/api/sweeps/{id}/events", (string id, IHostApplicationLifetime lifetime, CancellationToken cancellationToken) =>
            GuardAsync(async () =>
            {
                var sweepId = await site.ResolveAsync(id, cancellationToken);

                // The stream ends when the client goes or the server stops, whichever comes first.
                var ending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
                return TypedResults.ServerSentEvents(Disposing(SweepEvents.StreamAsync(site.Statuses(sweepId, ending.Token), ending.Token), ending), SweepEvents.Type);
            }));
    }

    /// <summary>A JSON error body: <c>{"error": message}</c>.</summary>
    public static IResult Error(string message, int statusCode) =>
        TypedResults.Text(new JsonObject { ["error"] = message }.ToJsonString(), JsonType, statusCode: statusCode);

    /// <summary>Runs an endpoint, answering a sweep that is not there with 404 and an ambiguous one with 400, each with the message.</summary>
    public static async Task<IResult> GuardAsync(Func<Task<IResult>> endpoint)
    {
        try
        {
            return await endpoint();
        }
        catch (KeyNotFoundException e)
        {
            return Error(e.Message, StatusCodes.Status404NotFound);
        }
        catch (ArgumentException e)
        {
            return Error(e.Message, StatusCodes.Status400BadRequest);
        }
    }

    private static async IAsyncEnumerable<string> Disposing(IAsyncEnumerable<string> items, IDisposable resource)
    {
        using (resource)
        {
            await foreach (var item in items)
            {
                yield return item;
            }
        }
    }
}
