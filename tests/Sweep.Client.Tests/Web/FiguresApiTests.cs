using System.Net;
using System.Text.Json.Nodes;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;
using Sweep.Client.Commands;
using Sweep.Client.Tests.Plots;
using Sweep.Client.Web;
using Sweep.Grains.Contracts;
using Sweep.Training.Sweeps;

namespace Sweep.Client.Tests.Web;

/// <summary>
/// <c>/api/sweeps/{id}/figures</c> in process: the coefficient, sparsity and grid-settings figures' data, each number
/// checked against one computed here from the trial records written into the store.
/// </summary>
public sealed class FiguresApiTests(ServedStore served) : IClassFixture<ServedStore>
{
    // The records the served store was written from (SyntheticSweep is the same every time).
    private static readonly TrialRecord[] Records = [.. SyntheticSweep.Create().Records];

    [Fact]
    public async Task Figures_NoParameters_SparsityIsEveryTrialOfTheTopFive()
    {
        var ranking = await RankingAsync();

        var body = await GetAsync("");

        Assert.Equal((served.SweepId, "test_accuracy", "test_accuracy"), ((string)body["sweep_id"]!, (string)body["metric"]!, (string)body["sparsity"]!["y"]!));
        Assert.Null(body["sparsity"]!["note"]);
        foreach (var (x, read) in new (string, Func<TrialMetrics, double>)[] { ("zero_fraction", m => m.ZeroFraction), ("activation_mean", m => m.ActivationMean) })
        {
            var configurations = body["sparsity"]!["x"]![x]!["configurations"]!.AsArray();
            Assert.Equal(ranking.Take(5), configurations.Select(c => (string)c!["id"]!));
            Assert.Equal([1, 2, 3, 4, 5], configurations.Select(c => (int)c!["rank"]!));
            foreach (var c in configurations)
            {
                var trials = Completed((string)c!["id"]!);
                Assert.Equal(trials.Select(t => read(t.Metrics!)), c["x"]!.AsArray().Select(v => (double)v!));
                Assert.Equal(trials.Select(t => t.Metrics!.TestAccuracy), c["y"]!.AsArray().Select(v => (double)v!));
                AssertSummary(trials.Select(t => read(t.Metrics!)).ToArray(), c["x_summary"]!);
                AssertSummary(trials.Select(t => t.Metrics!.TestAccuracy).ToArray(), c["y_summary"]!);
            }
        }

        Assert.Equal("fraction of hidden activations that are exactly 0", (string)body["sparsity"]!["x"]!["zero_fraction"]!["title"]!);
    }

    [Fact]
    public async Task Figures_NamedConfigurations_SparsityIsTheirsInRankingOrder()
    {
        var ranking = await RankingAsync();

        var body = await GetAsync($"?configs={Uri.EscapeDataString($"{ranking[^1]},#2")}");

        var configurations = body["sparsity"]!["x"]!["zero_fraction"]!["configurations"]!.AsArray();
        Assert.Equal([ranking[1], ranking[^1]], configurations.Select(c => (string)c!["id"]!));
        Assert.Equal([2, 7], configurations.Select(c => (int)c!["rank"]!));
    }

    [Fact]
    public async Task Figures_Coefficients_AreEachL1ConfigurationsMeanAndIntervalAndTheBaselines()
    {
        var plan = Plan();
        var ranking = await RankingAsync();

        var coefficients = (await GetAsync(""))["coefficients"]!;

        Assert.Null(coefficients["note"]);
        var series = coefficients["series"]!.AsArray();
        Assert.Equal(
            ["l1 activity of layer 0 (before, batch_mean)", "l1 activity of layer 0 (after, batch_mean)"],
            series.Select(s => (string)s!["name"]!));
        foreach (var s in series)
        {
            var placement = ((string)s!["name"]!).Contains("before", StringComparison.Ordinal) ? "before" : "after";
            var points = s["points"]!.AsArray();
            Assert.Equal([1e-4, 1e-3, 1e-2], points.Select(p => (double)p!["coefficient"]!));
            foreach (var p in points)
            {
                var settings = Settings(plan, (string)p!["id"]!);
                Assert.Equal(("l1", placement, (double)p["coefficient"]!), ((string)settings["kind"]!, (string)settings["placement"]!, (double)settings["l1"]!));
                Assert.Equal(ranking.IndexOf((string)p["id"]!) + 1, (int)p["rank"]!);
                AssertSummary(Completed((string)p["id"]!).Select(t => t.Metrics!.TestAccuracy).ToArray(), p["summary"]!);
            }
        }

        var baseline = coefficients["baseline"]!;
        Assert.Equal(plan.BaselineId, (string)baseline["id"]!);
        Assert.Equal("none", (string)Settings(plan, plan.BaselineId!)["kind"]!);
        AssertSummary(Completed(plan.BaselineId!).Select(t => t.Metrics!.TestAccuracy).ToArray(), baseline["summary"]!);
    }

    [Fact]
    public async Task Figures_Settings_AreTheVaryingAxesAndEachConfigurationsValuesAndMean()
    {
        var plan = Plan();
        var ranking = await RankingAsync();

        var settings = (await GetAsync(""))["settings"]!;

        Assert.Null(settings["note"]);
        Assert.Equal(
            ["kind category l1,none", "placement category after,before", "l1 log "],
            settings["axes"]!.AsArray().Select(a => $"{a!["name"]} {a["scale"]} {string.Join(',', a["categories"]!.AsArray().Select(c => (string)c!))}"));
        var configurations = settings["configurations"]!.AsArray();
        Assert.Equal(ranking, configurations.Select(c => (string)c!["id"]!));
        foreach (var c in configurations)
        {
            var id = (string)c!["id"]!;
            var given = Settings(plan, id);
            var values = c["values"]!.AsArray();
            Assert.Equal((string)given["kind"]!, (string)values[0]!);
            Assert.Equal((string?)given["placement"], (string?)values[1]);
            Assert.Equal((double?)given["l1"], (double?)values[2]);
            Assert.Equal(3, (int)c["n"]!);
            Assert.Equal(ranking.IndexOf(id) + 1, (int)c["rank"]!);
            Assert.Equal(Completed(id).Select(t => t.Metrics!.TestAccuracy).Mean(), (double)c["mean"]!, 12);
        }

        Assert.Equal([null, null], configurations.Where(c => (string)c!["values"]![0]! == "none").Single()!["values"]!.AsArray().Skip(1));
    }

    [Fact]
    public void Json_NoCoefficientAndNumbersWithinADecade_SaysWhyAndUsesALinearAxis()
    {
        var yaml = SyntheticSweep.Circles.Replace(
            """
              layers.0.activity_regularizer.kind: [none, l1]
              layers.0.activity_regularizer.placement: [before, after]
              layers.0.activity_regularizer.l1: [1.0e-4, 1.0e-3, 1.0e-2]
            """,
            "  layers.0.units: [2, 8, 16]\n",
            StringComparison.Ordinal);
        var report = SyntheticSweep.Create(yaml).Report;

        var body = JsonNode.Parse(FiguresApi.Json(report, report.Ranking.Take(1).ToArray(), report.Trials))!;

        Assert.Equal($"sweep {report.Status.SweepId} has no configuration with exactly one non-zero regularization coefficient (an l1, l2 or dropout rate) to plot against", (string)body["coefficients"]!["note"]!);
        Assert.Empty(body["coefficients"]!["series"]!.AsArray());
        Assert.Equal(["units linear"], body["settings"]!["axes"]!.AsArray().Select(a => $"{a!["name"]} {a["scale"]}"));
        Assert.Equal([[2.0], [8.0], [16.0]], body["settings"]!["configurations"]!.AsArray().Select(c => c!["values"]!.AsArray().Select(v => (double)v!).ToArray()).OrderBy(v => v[0]));
        Assert.Equal([report.Ranking[0].Configuration.Id], body["sparsity"]!["x"]!["zero_fraction"]!["configurations"]!.AsArray().Select(c => (string)c!["id"]!));
    }

    [Theory]
    [InlineData("configs=%2399", "configs: sweep {0} has ranks #1 to #7, not #99")]
    [InlineData("configs=,", "configs: names no configuration")]
    public async Task Figures_BadParameter_Is400NamingIt(string query, string expected)
    {
        using var response = await served.Http.GetAsync($"/api/sweeps/{served.SweepId}/figures?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, served.SweepId), (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!);
    }

    [Fact]
    public async Task Figures_UnknownSweep_Is404()
    {
        using var response = await served.Http.GetAsync("/api/sweeps/nope/figures");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("no sweep with id 'nope'", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!);
    }

    private async Task<JsonNode> GetAsync(string query) =>
        JsonNode.Parse(await served.Http.GetStringAsync($"/api/sweeps/{served.SweepId}/figures{query}"))!;

    // The configurations' ids in the order the store ranks them.
    private async Task<List<string>> RankingAsync() =>
        [.. (await StoreQuery.RankingAsync(served.Store, null, served.SweepId, null, CancellationToken.None)).Ranking.Select(a => a.Configuration.Id)];

    private static TrialOutcome[] Completed(string configurationId) =>
        [.. Records.Select(r => r.Outcome).Where(o => o.ConfigurationId == configurationId).OrderBy(o => o.Seed)];

    private static SweepPlan Plan() => SweepPlan.Expand(SweepFile.Parse(SyntheticSweep.Circles, "synthetic.yaml"));

    private static JsonObject Settings(SweepPlan plan, string configurationId) =>
        JsonNode.Parse(plan.Configurations.Single(c => c.Id == configurationId).SettingsJson!)!.AsObject();

    // A summary's n, mean, std and 95% interval are those of the values (the interval: Student's t with n - 1 degrees
    // of freedom). The store sums in one pass: means equal to 12 decimals; a deviation from its sums of squares to 8, and
    // the interval to 7 (one configuration's activation_mean values are all equal: the store's deviation is 2.6e-9).
    private static void AssertSummary(double[] values, JsonNode summary)
    {
        var (mean, std) = (values.Mean(), values.StandardDeviation());
        var half = StudentT.InvCDF(0, 1, values.Length - 1, 0.975) * std / Math.Sqrt(values.Length);
        Assert.Equal(values.Length, (int)summary["n"]!);
        Assert.Equal(mean, (double)summary["mean"]!, 12);
        Assert.Equal(std, (double)summary["std"]!, 8);
        Assert.Equal(mean - half, (double)summary["ci95_low"]!, 7);
        Assert.Equal(mean + half, (double)summary["ci95_high"]!, 7);
    }
}
