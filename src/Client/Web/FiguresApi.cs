using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sweep.Client.Commands;
using Sweep.Client.Output;
using Sweep.Client.Plots;
using Sweep.Grains.Contracts;

namespace Sweep.Client.Web;

/// <summary>
/// <c>GET /api/sweeps/{id}/figures?configs=A,B</c>: the data of the sweep page's figures beside the curves, computed as
/// the report's are. The coefficient figure (<see cref="Coefficients.Series"/>) and the parallel coordinates over the grid
/// settings (<see cref="SettingAxes"/>) take every configuration; the sparsity figure (<see cref="SparsityPoints.Of"/>)
/// the chosen ones, as the curves do: <c>configs</c> takes what <c>sweep plot --configs</c> takes, comma-separated;
/// without it, the first <see cref="CurvesApi.DefaultCount"/> by rank. Everything comes from the store's one-pass ranking
/// and the chosen configurations' trials. A figure that does not apply has an empty list and a <c>note</c> saying why, as
/// the report leaves it out with a line saying why.
/// </summary>
internal static class FiguresApi
{
    public static void Map(IEndpointRouteBuilder endpoints, SweepSite site) =>
        endpoints.MapGet("/api/sweeps/{id}/figures", (string id, string? configs, CancellationToken cancellationToken) =>
            SweepApi.GuardAsync(() => SweepApi.WithConfigsAsync(configs, async names =>
            {
                var (ranking, chosen, trials) = await StoreQuery.LoadFiguresAsync(site.Store, site.Cluster, id, names, CurvesApi.DefaultCount, cancellationToken);
                return TypedResults.Text(Json(ranking, chosen, trials), SweepApi.JsonType);
            })));

    /// <summary>
    /// <c>{"sweep_id", "metric", "coefficients", "sparsity", "settings"}</c>, <c>metric</c> the one the sweep is ranked by.
    /// <c>coefficients</c>: <c>{"note", "series": [{"name", "points": [{"id", "label", "rank", "coefficient", "summary"}]}],
    /// "baseline": {"id", "label", "summary"} or null}</c>, points in coefficient order. <c>sparsity</c>: <c>{"note", "y",
    /// "x": {"zero_fraction" and "activation_mean": {"title", "configurations": [{"id", "label", "rank", "x", "y",
    /// "x_summary", "y_summary"}]}}}</c>, <c>x</c> and <c>y</c> each completed trial's values in step. <c>settings</c>:
    /// <c>{"note", "axes": [{"name", "scale", "categories"}], "configurations": [{"id", "label", "rank", "n", "mean", "values"}]}</c>,
    /// every configuration in ranking order with its value on each axis (<see cref="SettingAxis.Values"/>) and its mean of
    /// the metric. A summary is <see cref="ResultsDocument.Summary"/>; a value JSON cannot hold (NaN) is null.
    /// </summary>
    public static string Json(SweepReport ranking, IReadOnlyList<ConfigurationAggregate> chosen, IReadOnlyList<TrialOutcome> trials)
    {
        var sweepId = ranking.Status.SweepId;
        var metric = ranking.RankedBy;
        var ranks = ranking.Ranking.Select((a, i) => (a.Configuration.Id, Rank: i + 1)).ToDictionary(r => r.Id, r => r.Rank, StringComparer.Ordinal);
        var nothing = SweepFigures.NothingCompleted(ranking);

        var series = Coefficients.Series(ranking.Ranking, metric);
        var baseline = ranking.Ranking.FirstOrDefault(a => a.Configuration.Id == ranking.BaselineId);
        var coefficients = new JsonObject
        {
            ["note"] = nothing ?? (series.Count == 0 ? Coefficients.None(sweepId) : null),
            ["series"] = new JsonArray([.. series.Select(s => (JsonNode)new JsonObject
            {
                ["name"] = s.Name,
                ["points"] = new JsonArray([.. s.Points.Select(p => (JsonNode)new JsonObject
                {
                    ["id"] = p.ConfigurationId,
                    ["label"] = p.Label,
                    ["rank"] = ranks[p.ConfigurationId],
                    ["coefficient"] = p.Coefficient,
                    ["summary"] = ResultsDocument.Summary(p.Summary),
                })]),
            })]),
            ["baseline"] = baseline is null ? null : new JsonObject
            {
                ["id"] = baseline.Configuration.Id,
                ["label"] = baseline.Configuration.Label,
                ["summary"] = ResultsDocument.Summary(baseline.Metrics[metric]),
            },
        };

        var sparsity = new JsonObject
        {
            ["note"] = nothing ?? (trials.Count == 0 ? "no configuration picked has a completed trial" : null),
            ["y"] = SparsityPoints.YMetric,
            ["x"] = new JsonObject(SparsityPoints.XMetrics.Select(x => KeyValuePair.Create(x, (JsonNode?)new JsonObject
            {
                ["title"] = SparsityPoints.Describe(x),
                ["configurations"] = new JsonArray([.. SparsityPoints.Of(chosen, trials, x).Select(p => (JsonNode)new JsonObject
                {
                    ["id"] = p.ConfigurationId,
                    ["label"] = p.Label,
                    ["rank"] = ranks[p.ConfigurationId],
                    ["x"] = Numbers(p.X),
                    ["y"] = Numbers(p.Y),
                    ["x_summary"] = ResultsDocument.Summary(p.XSummary),
                    ["y_summary"] = ResultsDocument.Summary(p.YSummary),
                })]),
            }))),
        };

        return new JsonObject
        {
            ["sweep_id"] = sweepId,
            ["metric"] = metric,
            ["coefficients"] = coefficients,
            ["sparsity"] = sparsity,
            ["settings"] = Settings(ranking, metric),
        }.ToJsonString(JsonSerializerOptions.Default);
    }

    // The parallel coordinates: the axes that vary, and each configuration's place on them and its mean.
    private static JsonObject Settings(SweepReport ranking, string metric)
    {
        var axes = SettingAxes.Of([.. ranking.Ranking.Select(a => a.Configuration)]);
        return new JsonObject
        {
            ["note"] = axes.Count > 0 ? null : $"no grid setting of sweep {ranking.Status.SweepId} takes more than one value",
            ["axes"] = new JsonArray([.. axes.Select(a => (JsonNode)new JsonObject
            {
                ["name"] = a.Name,
                ["scale"] = a.Scale,
                ["categories"] = new JsonArray([.. a.Categories.Select(c => (JsonNode)c)]),
            })]),
            ["configurations"] = new JsonArray([.. ranking.Ranking.Select((c, i) => (JsonNode)new JsonObject
            {
                ["id"] = c.Configuration.Id,
                ["label"] = c.Configuration.Label,
                ["rank"] = i + 1,
                ["n"] = c.Metrics[metric].N,
                ["mean"] = ResultsDocument.JsonNumber(c.Metrics[metric].Mean),
                ["values"] = new JsonArray([.. axes.Select(a => a.Values[i]?.DeepClone())]),
            })]),
        };
    }

    private static JsonArray Numbers(double[] values) => new([.. values.Select(ResultsDocument.JsonNumber)]);
}
