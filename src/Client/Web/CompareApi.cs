using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sweep.Client.Commands;
using Sweep.Client.Output;
using Sweep.Grains.Contracts;
using Sweep.Grains.Results;

namespace Sweep.Client.Web;

/// <summary>
/// Two sweeps side by side: <c>GET /api/compare?a=ID&amp;b=ID</c> (<see cref="Json"/>) and the page <c>/compare?a=ID&amp;b=ID</c>
/// that <c>/static/compare.js</c> fills from it, with a form to pick two sweeps (also on the list of sweeps). Both sweeps
/// are read from the store's one-pass ranking, as the ranked table is: a sweep of any size costs a few SQL statements. Ids
/// are what the commands take. A sweep that is not there is a 404, a missing parameter or two sweeps of different metrics
/// a 400, each naming it.
/// </summary>
internal static class CompareApi
{
    /// <summary>The form that picks two sweeps to compare; <c>compare.js</c> fills its lists and shows it.</summary>
    public const string Picker = """
        <form id="compare-form" action="/compare" method="get" hidden>
        <h2>Compare two sweeps</h2>
        <p>The configurations both sweeps have, b against a. <label>a <select id="compare-a" name="a"></select></label> <label>b <select id="compare-b" name="b"></select></label> <button type="submit">Compare</button></p>
        </form>

        """;

    private const string Usage = "/api/compare?a=ID&b=ID compares sweep b with sweep a";

    public static void Map(IEndpointRouteBuilder endpoints, SweepSite site)
    {
        endpoints.MapGet("/api/compare", (string? a, string? b, CancellationToken cancellationToken) =>
            SweepApi.GuardAsync(async () =>
            {
                var comparison = SweepComparison.Of(await RankingAsync(site, a, "a", cancellationToken), await RankingAsync(site, b, "b", cancellationToken));
                return TypedResults.Text(Json(comparison), SweepApi.JsonType);
            }));

        endpoints.MapGet("/compare", async (string? a, string? b, HttpContext context) =>
        {
            if (string.IsNullOrEmpty(a) || string.IsNullOrEmpty(b))
            {
                return WebPages.Page(context, "Compare sweeps", "compare", null, Body, StatusCodes.Status200OK);
            }

            try
            {
                var (first, second) = (await site.ResolveAsync(a, context.RequestAborted), await site.ResolveAsync(b, context.RequestAborted));
                return WebPages.Page(context, $"{first} and {second}", "compare", null, Body, StatusCodes.Status200OK,
                    $" data-a=\"{WebPages.Html(first)}\" data-b=\"{WebPages.Html(second)}\"");
            }
            catch (Exception e) when (e is KeyNotFoundException or ArgumentException && e is not MissingStoreException)
            {
                return WebPages.Page(context, "No such sweep", "missing", null, $"<h1>No such sweep</h1>\n<p>{WebPages.Html(e.Message)}</p>\n", StatusCodes.Status404NotFound);
            }
        });
    }

    /// <summary>
    /// <c>{"metric", "higher_is_better", "a", "b", "configurations", "only_a", "only_b"}</c>: <c>a</c> and <c>b</c> are the
    /// sweep objects of <c>/api/sweeps</c>; each of <c>configurations</c> (a's ranked order) is <c>{"id", "label", "a", "b",
    /// "difference", "ci95_low", "ci95_high", "t", "df", "p", "p_holm", "verdict"}</c>, <c>a</c> and <c>b</c> its
    /// <c>{"n", "mean", "std", "ci95_low", "ci95_high"}</c> in each sweep, the difference b's mean less a's with its Welch
    /// interval, and the verdict <c>better</c>, <c>worse</c> or <c>same</c> for b at a Holm-adjusted p of
    /// <see cref="Comparison.Alpha"/>, or <c>untested</c> where a side has fewer than two values (then only the difference
    /// is given, where both have one); <c>only_a</c> and <c>only_b</c> are <c>{"id", "label"}</c>. An undefined number is null.
    /// </summary>
    public static string Json(SweepComparison comparison)
    {
        var higher = comparison.Metric.HigherIsBetter;
        var shared = comparison.Shared.Select(s =>
        {
            var v = s.Versus;
            return (JsonNode)new JsonObject
            {
                ["id"] = s.Configuration.Id,
                ["label"] = s.Configuration.Label,
                ["a"] = Summary(s.A),
                ["b"] = Summary(s.B),
                ["difference"] = Number(v?.Difference ?? s.B.Mean - s.A.Mean),
                ["ci95_low"] = Number(v?.ConfidenceLow),
                ["ci95_high"] = Number(v?.ConfidenceHigh),
                ["t"] = Number(v?.T),
                ["df"] = Number(v?.DegreesOfFreedom),
                ["p"] = Number(v?.P),
                ["p_holm"] = Number(v?.AdjustedP),
                ["verdict"] = s.Verdict(higher),
            };
        });
        return new JsonObject
        {
            ["metric"] = comparison.Metric.Name,
            ["higher_is_better"] = higher,
            ["a"] = ResultsDocument.Sweep(comparison.A.Status),
            ["b"] = ResultsDocument.Sweep(comparison.B.Status),
            ["configurations"] = new JsonArray([.. shared]),
            ["only_a"] = Configurations(comparison.OnlyA),
            ["only_b"] = Configurations(comparison.OnlyB),
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private const string Body = $"""
        <h1 id="title">Compare sweeps</h1>
        <p id="state"></p>
        {Picker}<table id="comparison"><thead></thead><tbody></tbody></table>
        <p id="notes"></p>
        <section id="only" hidden>
        <h2 id="only-a-title">Only in a</h2>
        <ul id="only-a"></ul>
        <h2 id="only-b-title">Only in b</h2>
        <ul id="only-b"></ul>
        </section>

        """;

    // The sweep a parameter names, ranked by its own metric; a parameter not given is the caller's error.
    private static async Task<SweepReport> RankingAsync(SweepSite site, string? given, string name, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(given)
            ? throw new ArgumentException($"{name}: missing; {Usage}")
            : await StoreQuery.RankingAsync(site.Store, site.Cluster, given, metric: null, cancellationToken);

    private static JsonObject Summary(MetricSummary s) => new()
    {
        ["n"] = s.N,
        ["mean"] = Number(s.Mean),
        ["std"] = Number(s.StandardDeviation),
        ["ci95_low"] = Number(s.ConfidenceLow),
        ["ci95_high"] = Number(s.ConfidenceHigh),
    };

    private static JsonArray Configurations(IEnumerable<ConfigurationInfo> configurations) =>
        new([.. configurations.Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["label"] = c.Label })]);

    // JSON has no NaN: an undefined statistic (the deviation of one value, a missing side) is null.
    private static JsonNode? Number(double? value) => value is { } v && double.IsFinite(v) ? JsonValue.Create(v) : null;
}
