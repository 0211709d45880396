using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Sweep.Client.Web;

/// <summary>
/// The pages: HTML shells that <c>/static/sweep.js</c> fills from the JSON endpoints, with the helpers every page's scripts
/// share from <c>/static/common.js</c>, loaded first. <c>/</c> lists the sweeps;
/// <c>/sweeps/{id}</c> shows one sweep's progress and ranked table, and follows its events;
/// <c>/sweeps/{id}/configurations/{configurationId}</c> one configuration and its seeds, <c>/sweeps/{id}/trials/{configurationId}/{seed}</c>
/// one trial. Nothing is loaded from
/// elsewhere, and the content security policy allows nothing else: no inline script, no other origin.
/// </summary>
internal static class WebPages
{
    public static void Map(IEndpointRouteBuilder endpoints, SweepSite site)
    {
        endpoints.MapGet("/", (HttpContext context) => Page(context, "Sweeps", "sweeps", null, SweepsBody, StatusCodes.Status200OK));

        endpoints.MapGet("/sweeps/{id}", (string id, HttpContext context) =>
            SweepPageAsync(site, id, context, sweepId => Page(context, sweepId, "sweep", sweepId, SweepBody(sweepId, site.AllowCancel), StatusCodes.Status200OK)));

        // A configuration the sweep lacks, or a trial that has not finished, is a 404 page naming it, as their JSON is.
        endpoints.MapGet("/sweeps/{id}/configurations/{configurationId}", (string id, string configurationId, HttpContext context) =>
            SweepPageAsync(site, id, context, async sweepId =>
            {
                await site.RequireConfigurationAsync(sweepId, configurationId, context.RequestAborted);

                return Page(context, configurationId, "configuration", sweepId, DetailBody(sweepId, configurationId, null), StatusCodes.Status200OK, $" data-configuration=\"{Html(configurationId)}\"");
            }));

        endpoints.MapGet("/sweeps/{id}/trials/{configurationId}/{seed:int}", (string id, string configurationId, int seed, HttpContext context) =>
            SweepPageAsync(site, id, context, async sweepId =>
            {
                await site.RequireTrialAsync(sweepId, configurationId, seed, context.RequestAborted);

                return Page(context, $"{configurationId} seed {seed}", "trial", sweepId, DetailBody(sweepId, configurationId, seed), StatusCodes.Status200OK,
                    $" data-configuration=\"{Html(configurationId)}\" data-seed=\"{seed}\"" + (site.TraceUrl is null ? "" : $" data-trace-url=\"{Html(site.TraceUrl)}\""));
            }));
    }

    // A page of one sweep; a sweep (or what the page shows of it) that is not there, or that several match, is a page
    // saying so. A store that is not there goes on to the guard's 503, naming it, as every endpoint's does.
    private static Task<IResult> SweepPageAsync(SweepSite site, string id, HttpContext context, Func<string, IResult> page) =>
        SweepPageAsync(site, id, context, sweepId => Task.FromResult(page(sweepId)));

    private static async Task<IResult> SweepPageAsync(SweepSite site, string id, HttpContext context, Func<string, Task<IResult>> page)
    {
        string sweepId;
        try
        {
            sweepId = await site.ResolveAsync(id, context.RequestAborted);
        }
        catch (Exception e) when (e is KeyNotFoundException or ArgumentException && e is not Commands.MissingStoreException)
        {
            return NotFound(context, "No such sweep", e.Message);
        }

        try
        {
            return await page(sweepId);
        }
        catch (KeyNotFoundException e)
        {
            return NotFound(context, "Not found", e.Message);
        }
    }

    private static IResult NotFound(HttpContext context, string title, string message) =>
        Page(context, title, "missing", null, $"<h1>{title}</h1>\n<p>{Html(message)}</p>\n", StatusCodes.Status404NotFound);

    private const string SweepsBody = """
        <h1>Sweeps</h1>
        <p id="empty" hidden>No sweeps yet.</p>
        <p id="sweeps-note"></p>
        <table id="sweeps">
          <thead><tr><th>id</th><th>name</th><th>state</th><th class="number">configurations</th><th class="number">trials</th><th class="number">trials/s</th><th class="number">ETA</th><th>created (UTC)</th><th>finished (UTC)</th></tr></thead>
          <tbody></tbody>
        </table>

        """ + CompareApi.Picker;

    private static string SweepBody(string sweepId, bool cancel) => $"""
        <h1 id="title">{Html(sweepId)}</h1>
        <p id="state"></p>
        {(cancel ? CancelApi.Control : "")}        <p><progress id="progress" max="1" value="0"></progress> <span id="progress-text"></span></p>
        <p id="race" hidden></p>
        <h2 id="ranking-title">Ranked configurations</h2>
        <table id="ranking"><thead></thead><tbody></tbody></table>
        <p id="notes"></p>
        <section id="figures"></section>
        <h2>Finished trials</h2>
        <p><span id="trials-note"></span> <button id="newer" type="button" hidden>newer</button> <button id="older" type="button" hidden>older</button></p>
        <table id="trials"><thead></thead><tbody></tbody></table>

        """;

    // The sweep page's figures (figures.js and grid-figures.js, drawing with the vendored uPlot and parallel.js), before sweep.js, whose reads they follow.
    private const string FigureAssets = """
        <link rel="stylesheet" href="/static/uPlot.min.css">
        <script src="/static/uPlot.iife.min.js" defer></script>
        <script src="/static/figures.js" defer></script>
        <script src="/static/parallel.js" defer></script>
        <script src="/static/grid-figures.js" defer></script>

        """;

    // The list of sweeps' picker of two to compare, and the comparison's page (CompareApi).
    private const string CompareAssets = """
        <script src="/static/compare.js" defer></script>

        """;

    // One configuration (seed null) or one trial: shells that the script fills from their JSON; a trial's page has its
    // attempts and history, a configuration's its statistics and seeds.
    private static string DetailBody(string sweepId, string configurationId, int? seed) => $"""
        <p><a id="sweep-link" href="/sweeps/{Html(sweepId)}">{Html(sweepId)}</a>{(seed is null ? "" : $" / <a id=\"configuration-link\" href=\"/sweeps/{Html(sweepId)}/configurations/{Html(configurationId)}\">{Html(configurationId)}</a>")}</p>
        <h1 id="title">{Html(seed is null ? configurationId : $"{configurationId} seed {seed}")}</h1>
        <p id="state"></p>
        <h2>Settings</h2>
        <table id="settings"><tbody></tbody></table>
        {(seed is null ? """
        <h2>Statistics</h2>
        <table id="statistics"><thead></thead><tbody></tbody></table>
        <h2>Trials</h2>
        <p><span id="trials-note"></span> <button id="newer" type="button" hidden>newer</button> <button id="older" type="button" hidden>older</button></p>
        <table id="seeds"><thead></thead><tbody></tbody></table>
        """ : """
        <h2>Final metrics</h2>
        <table id="metrics"><tbody></tbody></table>
        <p id="trace"></p>
        <h2>Attempts</h2>
        <table id="attempts"><thead></thead><tbody></tbody></table>
        <h2>History</h2>
        <table id="history"><thead></thead><tbody></tbody></table>
        """)}

        """;

    internal static IResult Page(HttpContext context, string title, string kind, string? sweepId, string body, int statusCode, string data = "")
    {
        var sweep = (sweepId is null ? "" : $" data-sweep=\"{Html(sweepId)}\"") + data;
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
            <script src="/static/common.js" defer></script>
            {(kind == "sweep" ? FigureAssets : "")}{(kind is "sweeps" or "compare" ? CompareAssets : "")}<script src="/static/sweep.js" defer></script>
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

    internal static string Html(string text) => HtmlEncoder.Default.Encode(text);
}
