using System.Collections.Frozen;
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
/// <c>GET /api/sweeps/{id}/curves?configs=A,B&amp;metric=M</c>: the learning curves the sweep page draws, each chosen
/// configuration's per-epoch mean and standard deviation over its completed seeds of one history (<c>accuracy</c>,
/// <c>loss</c>, <c>val_accuracy</c> (the default) or <c>val_loss</c>), computed as the report's curves are
/// (<see cref="Curve.Of"/>). <c>configs</c> takes what <c>sweep plot --configs</c> takes, comma-separated; without it,
/// the first <see cref="DefaultCount"/> by rank. Only the chosen configurations' histories are read. A bad parameter is
/// a 400 whose message names it.
/// </summary>
internal static class CurvesApi
{
    /// <summary>How many configurations the curves show when none are named: the best by rank.</summary>
    public const int DefaultCount = 5;

    public const string DefaultMetric = "val_accuracy";

    /// <summary>The histories a curve can be of, by the name the endpoint takes.</summary>
    public static readonly FrozenDictionary<string, Func<TrialRecord, float[]>> Histories = new Dictionary<string, Func<TrialRecord, float[]>>
    {
        ["accuracy"] = r => r.Accuracy,
        ["loss"] = r => r.Loss,
        ["val_accuracy"] = r => r.ValAccuracy,
        ["val_loss"] = r => r.ValLoss,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static void Map(IEndpointRouteBuilder endpoints, SweepSite site) =>
        endpoints.MapGet("/api/sweeps/{id}/curves", (string id, string? configs, string? metric, CancellationToken cancellationToken) =>
            SweepApi.GuardAsync(async () =>
            {
                metric ??= DefaultMetric;
                if (!Histories.TryGetValue(metric, out var history))
                {
                    return SweepApi.Error($"metric: '{metric}' is not one of {string.Join(", ", Histories.Keys.Order(StringComparer.Ordinal))}", StatusCodes.Status400BadRequest);
                }

                return await SweepApi.WithConfigsAsync(configs, async names =>
                {
                    var (data, chosen) = await StoreQuery.LoadCurvesAsync(site.Store, site.Cluster, id, names, DefaultCount, cancellationToken);
                    return TypedResults.Text(Json(data, chosen, metric, history), SweepApi.JsonType);
                });
            }));

    /// <summary>
    /// <c>{"sweep_id", "metric", "rows", "configurations": [{"id", "label", "rank", "n", "epochs", "mean", "std"}]}</c>:
    /// <c>rows</c> says what the val_* histories were evaluated on (<c>validation</c> or <c>test</c>), <c>rank</c> is 1-based,
    /// <c>n</c> counts the completed seeds, and the three arrays run in step (epochs 1-based; longer histories sampled).
    /// </summary>
    public static string Json(SweepData data, IReadOnlyList<ConfigurationAggregate> chosen, string metric, Func<TrialRecord, float[]> history)
    {
        var ranking = data.Report.Ranking;
        var configurations = chosen.Select(c =>
        {
            var records = data.CompletedOf(c.Configuration.Id);
            var curve = Curve.Of(records.Select(history).ToArray());
            return (JsonNode)new JsonObject
            {
                ["id"] = c.Configuration.Id,
                ["label"] = c.Configuration.Label,
                ["rank"] = Array.FindIndex(ranking, a => a.Configuration.Id == c.Configuration.Id) + 1,
                ["n"] = records.Count,
                ["epochs"] = Numbers(curve.Epochs),
                ["mean"] = Numbers(curve.Mean),
                ["std"] = Numbers(curve.Std),
            };
        }).ToArray();
        return new JsonObject
        {
            ["sweep_id"] = data.SweepId,
            ["metric"] = metric,
            ["rows"] = SweepFigures.EvaluatedRows(data.Report),
            ["configurations"] = new JsonArray(configurations),
        }.ToJsonString(JsonSerializerOptions.Default);
    }

    private static JsonArray Numbers(double[] values) => new([.. values.Select(v => (JsonNode)v)]);
}
