using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Sweep.Client.Web;

/// <summary>
/// The pages: HTML shells that <c>/static/sweep.js</c> fills from the JSON endpoints. <c>/</c> lists the sweeps;
/// <c>/sweeps/{id}</c> shows one sweep's progress and ranked table, and follows its events. Nothing is loaded from
/// elsewhere, and the content security policy allows nothing else: no inline script, no other origin.
/// </summary>
internal static class WebPages
{
    private const string Policy = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    public static void Map(IEndpointRouteBuilder endpoints, SweepSite site)
    {
        endpoints.MapGet("/", (HttpContext context) => Page(context, "Sweeps", "sweeps", null, SweepsBody, StatusCodes.Status200OK));

        endpoints.MapGet("/sweeps/{id}", async (string id, HttpContext context) =>
        {
            try
            {
                var sweepId = await site.ResolveAsync(id, context.RequestAborted);
                return Page(context, sweepId, "sweep", sweepId, SweepBody(sweepId), StatusCodes.Status200OK);
            }
            catch (Exception e) when (e is KeyNotFoundException or ArgumentException)
            {
                return Page(context, "No such sweep", "missing", null, $"<h1>No such sweep</h1>\n<p>{Html(e.Message)}</p>\n", StatusCodes.Status404NotFound);
            }
        });
    }

    private const string SweepsBody = """
        <h1>Sweeps</h1>
        <p id="empty" hidden>No sweeps yet.</p>
        <table id="sweeps">
          <thead><tr><th>id</th><th>name</th><th>state</th><th class="number">configurations</th><th class="number">trials</th><th>created (UTC)</th><th>finished (UTC)</th></tr></thead>
          <tbody></tbody>
        </table>

        """;

    private static string SweepBody(string sweepId) => $"""
        <h1 id="title">{Html(sweepId)}</h1>
        <p id="state"></p>
        <p><progress id="progress" max="1" value="0"></progress> <span id="progress-text"></span></p>
        <p id="race" hidden></p>
        <h2 id="ranking-title">Ranked configurations</h2>
        <table id="ranking"><thead></thead><tbody></tbody></table>
        <p id="notes"></p>
        <h2>Finished trials</h2>
        <p><span id="trials-note"></span> <button id="newer" type="button" hidden>newer</button> <button id="older" type="button" hidden>older</button></p>
        <table id="trials"><thead></thead><tbody></tbody></table>

        """;

    private static IResult Page(HttpContext context, string title, string kind, string? sweepId, string body, int statusCode)
    {
        context.Response.Headers.ContentSecurityPolicy = Policy;
        var sweep = sweepId is null ? "" : $" data-sweep=\"{Html(sweepId)}\"";
        return TypedResults.Text(
            $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Html(title)} · Sweep</title>
            <link rel="icon" href="data:,">
            <link rel="stylesheet" href="/static/sweep.css">
            <script src="/static/sweep.js" defer></script>
            </head>
            <body data-page="{kind}"{sweep}>
            <header><a href="/">Sweep</a></header>
            <main>
            {body}</main>
            </body>
            </html>

            """,
            "text/html; charset=utf-8",
            statusCode: statusCode);
    }

    private static string Html(string text) => HtmlEncoder.Default.Encode(text);
}
