using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sweep.Client.Commands;
using Sweep.Client.Output;

namespace Sweep.Client.Web;

/// <summary>
/// <c>POST /api/sweeps/{id}/cancel</c>: cancels the sweep as <c>sweep cancel ID</c> does (<see cref="SweepCancellation"/>),
/// only where <c>sweep serve --allow-cancel</c> turned it on (otherwise 403); and the sweep page's Cancel button that calls
/// it (<c>/static/cancel.js</c>). A page of another site can send a POST here from the user's browser, so a request whose
/// <c>Origin</c> (or, without one, <c>Referer</c>) is not this app's origin, or that names neither, is refused (403); a
/// browser sends its page's origin with every POST, and no GET changes anything.
/// </summary>
internal static class CancelApi
{
    /// <summary>The error of a cancel that <c>sweep serve</c> was not told to allow.</summary>
    public const string NotAllowed = "sweep serve was started without --allow-cancel: its pages only read";

    /// <summary>The sweep page's Cancel button, shown while the sweep runs, and its script.</summary>
    public const string Control = """
        <p><button id="cancel" type="button" hidden>Cancel sweep</button> <span id="cancel-note"></span></p>
        <script src="/static/cancel.js" defer></script>

        """;

    public static void Map(IEndpointRouteBuilder endpoints, SweepSite site)
    {
        // One cancel at a time: a second would find the store held by the first and take this process for a run to stop.
        var one = new SemaphoreSlim(1, 1);
        endpoints.MapPost("/api/sweeps/{id}/cancel", (string id, HttpContext context) =>
        {
            if (!site.AllowCancel)
            {
                return Task.FromResult(SweepApi.Error(NotAllowed, StatusCodes.Status403Forbidden));
            }

            if (CrossSite(context.Request) is { } refused)
            {
                return Task.FromResult(SweepApi.Error(refused, StatusCodes.Status403Forbidden));
            }

            return SweepApi.GuardAsync(async () =>
            {
                var sweepId = await site.ResolveAsync(id, context.RequestAborted);
                await one.WaitAsync(context.RequestAborted);
                try
                {
                    // Once begun, a cancel goes to its end whether or not the page waits for it: a run interrupted but not
                    // followed by the cancel would leave the sweep interrupted, not cancelled.
                    var lines = new List<string>();
                    var after = await SweepCancellation.CancelAsync(site.Store, site.Cluster, sweepId, lines.Add, CancellationToken.None);
                    return TypedResults.Text(
                        new JsonObject { ["sweep"] = ResultsDocument.Sweep(after), ["messages"] = new JsonArray([.. lines.Select(l => (JsonNode)l)]) }
                            .ToJsonString(JsonSerializerOptions.Default),
                        SweepApi.JsonType);
                }
                catch (Exception e) when (e is InvalidOperationException or ArgumentException && e is not MissingStoreException)
                {
                    // What sweep cancel says of it: a sweep that has finished, a store another process holds, a run that did not stop.
                    return SweepApi.Error(e.Message, StatusCodes.Status409Conflict);
                }
                finally
                {
                    one.Release();
                }
            });
        });
    }

    /// <summary>Why <paramref name="request"/> is not from this app's own pages, or null where it is.</summary>
    public static string? CrossSite(HttpRequest request)
    {
        // A page of another site whose name was pointed at this machine (DNS rebinding) has this app's origin by that name:
        // a cancel comes only through an address or localhost, which no other site's page can have as its origin.
        var host = request.Host.Host;
        if (host != "localhost" && !System.Net.IPAddress.TryParse(host, out _))
        {
            return $"cross-site request refused: a cancel is taken only at this machine's address or localhost, not at the name {host}";
        }

        var own = $"{request.Scheme}://{request.Host}";
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase) ? null : $"cross-site request refused: Origin {origin} is not {own}";
        }

        var referer = request.Headers.Referer.ToString();
        if (referer.Length == 0)
        {
            return $"cross-site request refused: a cancel must come from a page of {own}, and this request names neither Origin nor Referer";
        }

        return Uri.TryCreate(referer, UriKind.Absolute, out var from) && string.Equals(from.GetLeftPart(UriPartial.Authority), own, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"cross-site request refused: Referer {referer} is not of {own}";
    }
}
