using System.Net;
using System.Text.Json.Nodes;
using Sweep.Client.Commands;
using Sweep.Client.Output;
using Sweep.Client.Plots;
using Sweep.Grains.Contracts;

namespace Sweep.Client.Tests.Web;

/// <summary><c>/api/sweeps/{id}/curves</c> in process: the report's curves, as JSON, and the 400s of bad parameters.</summary>
public sealed class CurvesApiTests(ServedStore served) : IClassFixture<ServedStore>
{
    [Fact]
    public async Task Curves_NoParameters_AreTheReportsValidationCurvesOfTheTopFive()
    {
        var data = await StoreQuery.LoadAsync(served.Store, null, served.SweepId, null, dataFiles: false, CancellationToken.None);

        var body = JsonNode.Parse(await served.Http.GetStringAsync($"/api/sweeps/{served.SweepId}/curves"))!;

        Assert.Equal((served.SweepId, "val_accuracy", "test"), ((string)body["sweep_id"]!, (string)body["metric"]!, (string)body["rows"]!));
        var configurations = body["configurations"]!.AsArray();
        Assert.Equal(data.Report.Ranking.Take(5).Select(a => a.Configuration.Id), configurations.Select(c => (string)c!["id"]!));
        AssertCurves(data, r => r.ValAccuracy, configurations);
        Assert.Equal([1, 2, 3, 4, 5], configurations.Select(c => (int)c!["rank"]!));
    }

    [Fact]
    public async Task Curves_NamedConfigurationsAndLoss_AreTheirTrainingLossCurvesInRankingOrder()
    {
        var data = await StoreQuery.LoadAsync(served.Store, null, served.SweepId, null, dataFiles: false, CancellationToken.None);
        var last = data.Report.Ranking[^1].Configuration;

        var body = JsonNode.Parse(await served.Http.GetStringAsync($"/api/sweeps/synthetic/curves?configs={Uri.EscapeDataString($"{last.Id},#2")}&metric=loss"))!;

        var configurations = body["configurations"]!.AsArray();
        Assert.Equal([data.Report.Ranking[1].Configuration.Id, last.Id], configurations.Select(c => (string)c!["id"]!));
        Assert.Equal([2, data.Report.Ranking.Length], configurations.Select(c => (int)c!["rank"]!));
        Assert.Equal([3, 3], configurations.Select(c => (int)c!["n"]!));
        AssertCurves(data, r => r.Loss, configurations);
    }

    [Theory]
    [InlineData("metric=accurcy", "metric: 'accurcy' is not one of accuracy, loss, val_accuracy, val_loss")]
    [InlineData("metric=", "metric: '' is not one of accuracy, loss, val_accuracy, val_loss")]
    [InlineData("configs=%2399", "configs: sweep {0} has ranks #1 to #7, not #99")]
    [InlineData("configs=,", "configs: names no configuration")]
    [InlineData("configs=rate%3D0.5", "configs: sweep {0} has no grid setting 'rate'; its grid settings: kind, placement, l1")]
    public async Task Curves_BadParameter_Is400NamingIt(string query, string expected)
    {
        using var response = await served.Http.GetAsync($"/api/sweeps/{served.SweepId}/curves?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, served.SweepId), (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!);
    }

    [Fact]
    public async Task Curves_UnknownSweep_Is404()
    {
        using var response = await served.Http.GetAsync("/api/sweeps/nope/curves");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("no sweep with id 'nope'", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!);
    }

    [Fact]
    public async Task SweepPage_LoadsTheFiguresAndTheirLibraryFromTheApp()
    {
        var page = await served.Http.GetStringAsync($"/sweeps/{served.SweepId}");
        using var library = await served.Http.GetAsync("/static/uPlot.iife.min.js");
        using var styles = await served.Http.GetAsync("/static/uPlot.min.css");
        using var licence = await served.Http.GetAsync("/static/uPlot.LICENSE");
        using var figures = await served.Http.GetAsync("/static/figures.js");

        Assert.Contains("<script src=\"/static/uPlot.iife.min.js\" defer></script>\n<script src=\"/static/figures.js\" defer></script>", page, StringComparison.Ordinal);
        Assert.Contains("<section id=\"figures\"></section>", page, StringComparison.Ordinal);
        Assert.Equal(
            ("text/javascript", "text/css", "text/plain", "text/javascript"),
            (library.Content.Headers.ContentType!.MediaType, styles.Content.Headers.ContentType!.MediaType, licence.Content.Headers.ContentType!.MediaType, figures.Content.Headers.ContentType!.MediaType));
        Assert.StartsWith("/*! https://github.com/leeoniya/uPlot (v1.6.32) */", await library.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.StartsWith("The MIT License (MIT)", await licence.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // Each configuration's arrays equal, number for number, the report's curve of its completed seeds.
    private static void AssertCurves(SweepData data, Func<TrialRecord, float[]> history, JsonArray configurations)
    {
        foreach (var c in configurations)
        {
            var records = data.CompletedOf((string)c!["id"]!);
            var expected = Curve.Of(records.Select(history).ToArray());
            Assert.Equal(records.Count, (int)c["n"]!);
            Assert.Equal(expected.Epochs, c["epochs"]!.AsArray().Select(v => (double)v!));
            Assert.Equal(expected.Mean, c["mean"]!.AsArray().Select(v => (double)v!));
            Assert.Equal(expected.Std, c["std"]!.AsArray().Select(v => (double)v!));
            Assert.Equal(40, expected.Epochs.Length);
        }
    }
}
