using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sweep.Client.Cli;
using Sweep.Client.Commands;
using Sweep.Client.Output;

namespace Sweep.Client.Tests.Web;

/// <summary>The web UI's endpoints and pages, in process, on a store with one finished sweep.</summary>
public sealed class SweepWebAppTests(ServedStore served) : IClassFixture<ServedStore>
{
    [Fact]
    public async Task Sweeps_AStoreWithOneSweep_ListItWithTheSweepObjectOfResultsJson()
    {
        var results = JsonNode.Parse(await ResultsJsonAsync())!["sweep"]!.AsObject();
        results.Remove("baseline_id");

        var list = JsonNode.Parse(await served.Http.GetStringAsync("/api/sweeps"))!;

        var sweep = Assert.Single(list["sweeps"]!.AsArray())!.AsObject();

        // Besides the sweep object, its pace: none here, as every trial ended (in 1970) before the run was recorded.
        Assert.Equal([null, null], new[] { sweep["trials_per_second"], sweep["eta_seconds"] });
        sweep.Remove("trials_per_second");
        sweep.Remove("eta_seconds");
        Assert.True(JsonNode.DeepEquals(results, sweep), sweep.ToJsonString());
        Assert.Equal((served.SweepId, "completed", served.Trials, served.Trials), ((string)sweep["id"]!, (string)sweep["state"]!, (int)sweep["trials"]!, (int)sweep["completed"]!));
    }

    [Fact]
    public async Task Sweep_ByIdAndByName_IsTheBodyResultsJsonPrints()
    {
        var expected = await ResultsJsonAsync();

        using var byId = await served.Http.GetAsync($"/api/sweeps/{served.SweepId}");
        var byName = await served.Http.GetStringAsync("/api/sweeps/synthetic");

        Assert.Equal(HttpStatusCode.OK, byId.StatusCode);
        Assert.Equal("application/json; charset=utf-8", byId.Content.Headers.ContentType!.ToString());
        Assert.Equal(expected, await byId.Content.ReadAsStringAsync());
        Assert.Equal(expected, byName);
        Assert.Equal(served.Trials, JsonNode.Parse(expected)!["trials"]!.AsArray().Count);
    }

    [Fact]
    public async Task Ranking_IsResultsJsonWithoutItsTrialsRankedAlike()
    {
        var results = JsonNode.Parse(await ResultsJsonAsync())!;

        var ranking = JsonNode.Parse(await served.Http.GetStringAsync("/api/sweeps/synthetic/ranking"))!;

        Assert.Equal(["sweep", "ranked_by", "ranked_on_rows", "configurations"], ranking.AsObject().Select(p => p.Key));
        Assert.True(JsonNode.DeepEquals(results["sweep"], ranking["sweep"]), ranking["sweep"]!.ToJsonString());
        Assert.Equal("test_accuracy", (string)ranking["ranked_by"]!);
        Assert.Equal(Ranked(results), Ranked(ranking));
        Assert.Equal(7, ranking["configurations"]!.AsArray().Count);
    }

    [Fact]
    public async Task Trials_PageByPage_AreEveryFinishedTrialOnceLatestFirstAsResultsJsonHasThem()
    {
        var results = JsonNode.Parse(await ResultsJsonAsync())!["trials"]!.AsArray();
        var pages = new List<JsonNode>();
        for (var offset = 0; offset < served.Trials + 5; offset += 5)
        {
            pages.Add(JsonNode.Parse(await served.Http.GetStringAsync($"/api/sweeps/synthetic/trials?offset={offset}&limit=5"))!);
        }

        var trials = pages.SelectMany(p => p["trials"]!.AsArray()).ToArray();
        Assert.All(pages, p => Assert.Equal((served.SweepId, 5, served.Trials), ((string)p["sweep_id"]!, (int)p["limit"]!, (int)p["total"]!)));
        Assert.Equal(served.Trials, trials.Length);
        Assert.Empty(pages[^1]["trials"]!.AsArray());
        var finished = trials.Select(t => (DateTimeOffset)t!["finished"]!).ToArray();
        Assert.Equal(finished.OrderDescending(), finished);
        foreach (var trial in trials)
        {
            var expected = results.Single(r => (string)r!["configuration_id"]! == (string)trial!["configuration_id"]! && (int)r!["seed"]! == (int)trial["seed"]!)!.DeepClone().AsObject();
            expected.Remove("penalties");
            Assert.True(JsonNode.DeepEquals(expected, trial), trial!.ToJsonString());
        }
    }

    [Fact]
    public async Task Trials_NoPaging_IsTheFirstHundred()
    {
        var page = JsonNode.Parse(await served.Http.GetStringAsync("/api/sweeps/synthetic/trials"))!;

        Assert.Equal((0, 100, served.Trials), ((int)page["offset"]!, (int)page["limit"]!, page["trials"]!.AsArray().Count));
    }

    [Theory]
    [InlineData("offset=-1", "offset must be a whole number, 0 or more, got '-1'")]
    [InlineData("offset=x", "offset must be a whole number, 0 or more, got 'x'")]
    [InlineData("limit=0", "limit must be a whole number from 1 to 500, got '0'")]
    [InlineData("offset=0&limit=501", "limit must be a whole number from 1 to 500, got '501'")]
    [InlineData("limit=2.5", "limit must be a whole number from 1 to 500, got '2.5'")]
    public async Task Trials_PagingOutOfBounds_Is400NamingTheParameterAndWhatIsAllowed(string query, string expected)
    {
        using var response = await served.Http.GetAsync($"/api/sweeps/synthetic/trials?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(expected, (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!);
    }

    [Fact]
    public async Task Configuration_IsItsObjectAndTrialsOfResultsJsonWithHistory()
    {
        var results = JsonNode.Parse(await ResultsJsonAsync(history: true))!;
        var expected = results["configurations"]!.AsArray()[1]!;
        var id = (string)expected["id"]!;

        var configuration = JsonNode.Parse(await served.Http.GetStringAsync($"/api/sweeps/synthetic/configurations/{id}"))!;

        Assert.Equal(["sweep", "ranked_by", "configuration", "trials"], configuration.AsObject().Select(p => p.Key));
        Assert.True(JsonNode.DeepEquals(results["sweep"], configuration["sweep"]));
        Assert.True(JsonNode.DeepEquals(expected, configuration["configuration"]), configuration["configuration"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(new JsonArray(results["trials"]!.AsArray().Where(t => (string)t!["configuration_id"]! == id).Select(t => t!.DeepClone()).ToArray()), configuration["trials"]));
        Assert.Equal([0, 1, 2], configuration["trials"]!.AsArray().Select(t => (int)t!["seed"]!));
        Assert.Equal(40, configuration["trials"]![0]!["history"]!["loss"]!.AsArray().Count);
    }

    [Fact]
    public async Task Configuration_WithoutHistory_IsItsObjectAndTrialsOfResultsJsonWithoutHistory()
    {
        var results = JsonNode.Parse(await ResultsJsonAsync(history: false))!;
        var id = (string)results["configurations"]![1]!["id"]!;

        var configuration = JsonNode.Parse(await served.Http.GetStringAsync($"/api/sweeps/synthetic/configurations/{id}?history=false"))!;
        using var wrong = await served.Http.GetAsync($"/api/sweeps/synthetic/configurations/{id}?history=no");

        Assert.True(JsonNode.DeepEquals(results["configurations"]![1], configuration["configuration"]));
        Assert.True(JsonNode.DeepEquals(new JsonArray(results["trials"]!.AsArray().Where(t => (string)t!["configuration_id"]! == id).Select(t => t!.DeepClone()).ToArray()), configuration["trials"]));
        Assert.All(configuration["trials"]!.AsArray(), t => Assert.Null(t!["history"]));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("history must be true or false, got 'no'", (string)JsonNode.Parse(await wrong.Content.ReadAsStringAsync())!["error"]!);
    }

    [Fact]
    public async Task Configuration_WithoutTrials_IsItsObjectAloneAndItsTrialsComeAPageAtATime()
    {
        var results = JsonNode.Parse(await ResultsJsonAsync())!;
        var id = (string)results["configurations"]![2]!["id"]!;

        var configuration = JsonNode.Parse(await served.Http.GetStringAsync($"/api/sweeps/synthetic/configurations/{id}?trials=false"))!;
        var page = JsonNode.Parse(await served.Http.GetStringAsync($"/api/sweeps/synthetic/trials?configuration={id}&limit=2"))!;
        var rest = JsonNode.Parse(await served.Http.GetStringAsync($"/api/sweeps/synthetic/trials?configuration={id}&offset=2"))!;
        using var none = await served.Http.GetAsync("/api/sweeps/synthetic/trials?configuration=nope");
        using var wrong = await served.Http.GetAsync($"/api/sweeps/synthetic/configurations/{id}?trials=0");

        Assert.Equal(["sweep", "ranked_by", "configuration"], configuration.AsObject().Select(p => p.Key));
        Assert.True(JsonNode.DeepEquals(results["configurations"]![2], configuration["configuration"]));
        Assert.Equal((3, 2, 1), ((int)page["total"]!, page["trials"]!.AsArray().Count, rest["trials"]!.AsArray().Count));
        Assert.Equal(
            [0, 1, 2],
            page["trials"]!.AsArray().Concat(rest["trials"]!.AsArray()).Where(t => (string)t!["configuration_id"]! == id).Select(t => (int)t!["seed"]!).Order());
        Assert.Equal(
            (HttpStatusCode.NotFound, $"no configuration 'nope' in sweep '{served.SweepId}'"),
            (none.StatusCode, (string)JsonNode.Parse(await none.Content.ReadAsStringAsync())!["error"]!));
        Assert.Equal(
            (HttpStatusCode.BadRequest, "trials must be true or false, got '0'"),
            (wrong.StatusCode, (string)JsonNode.Parse(await wrong.Content.ReadAsStringAsync())!["error"]!));
    }

    [Fact]
    public async Task Trial_IsItsObjectOfResultsJsonWithHistoryBesideItsConfiguration()
    {
        var results = JsonNode.Parse(await ResultsJsonAsync(history: true))!;
        var expected = results["trials"]!.AsArray()[4]!;
        var (id, seed) = ((string)expected["configuration_id"]!, (int)expected["seed"]!);

        var trial = JsonNode.Parse(await served.Http.GetStringAsync($"/api/sweeps/synthetic/trials/{id}/{seed}"))!;

        Assert.Equal(["sweep", "ranked_by", "configuration", "trial"], trial.AsObject().Select(p => p.Key));
        Assert.True(JsonNode.DeepEquals(expected, trial["trial"]), trial["trial"]!.ToJsonString());
        Assert.Equal(id, (string)trial["configuration"]!["id"]!);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", (string)trial["sweep"]!["trace_id"]!);
        Assert.Equal((seed, $"silo-{seed % 2}", 40), ((int)trial["trial"]!["seed"]!, (string)trial["trial"]!["silo"]!, trial["trial"]!["history"]!["accuracy"]!.AsArray().Count));
    }

    [Theory]
    [InlineData("/api/sweeps/synthetic/configurations/nope", "no configuration 'nope' in sweep '{0}'")]
    [InlineData("/api/sweeps/synthetic/trials/nope/1", "no finished trial of configuration 'nope' with seed 1 in sweep '{0}'")]
    [InlineData("/api/sweeps/nope/configurations/x", "no sweep with id 'nope'")]
    [InlineData("/api/sweeps/nope/trials/x/1", "no sweep with id 'nope'")]
    public async Task ConfigurationAndTrial_NotThere_Is404NamingWhatIsMissing(string path, string expected)
    {
        using var response = await served.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, served.SweepId), (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!);
    }

    [Fact]
    public async Task Trial_OfASeedTheSweepHasNot_Is404NamingIt()
    {
        var id = (string)JsonNode.Parse(await ResultsJsonAsync())!["configurations"]![0]!["id"]!;

        using var response = await served.Http.GetAsync($"/api/sweeps/synthetic/trials/{id}/99");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal($"no finished trial of configuration '{id}' with seed 99 in sweep '{served.SweepId}'", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!);
    }

    [Fact]
    public async Task DetailPages_AreShellsNamingTheSweepConfigurationAndSeed()
    {
        var id = (string)JsonNode.Parse(await ResultsJsonAsync())!["configurations"]![0]!["id"]!;
        var configuration = await served.Http.GetStringAsync($"/sweeps/synthetic/configurations/{id}");
        var trial = await served.Http.GetStringAsync($"/sweeps/synthetic/trials/{id}/2");
        using var missing = await served.Http.GetAsync($"/sweeps/nope/trials/{id}/2");

        Assert.Contains($"<body data-page=\"configuration\" data-sweep=\"{served.SweepId}\" data-configuration=\"{id}\">", configuration, StringComparison.Ordinal);
        Assert.Contains($"<body data-page=\"trial\" data-sweep=\"{served.SweepId}\" data-configuration=\"{id}\" data-seed=\"2\">", trial, StringComparison.Ordinal);
        Assert.Contains($"<a id=\"configuration-link\" href=\"/sweeps/{served.SweepId}/configurations/{id}\">", trial, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("/api/sweeps/nope")]
    [InlineData("/api/sweeps/nope/ranking")]
    [InlineData("/api/sweeps/nope/trials")]
    [InlineData("/api/sweeps/nope/events")]
    public async Task Sweep_UnknownId_Is404WithAnErrorNamingIt(string path)
    {
        using var response = await served.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("no sweep with id 'nope'", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!);
    }

    [Fact]
    public async Task Events_EndedSweep_SendOneFinalEventAndEnd()
    {
        using var response = await served.Http.GetAsync($"/api/sweeps/{served.SweepId}/events");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var lines = body.Split('\n');
        Assert.Equal(["event: progress", "", "", ""], [lines[0], lines[2], lines[3], string.Join("", lines[4..])]);
        var data = JsonNode.Parse(lines[1]["data: ".Length..])!;
        Assert.Equal((served.SweepId, "completed", served.Trials, true), ((string)data["id"]!, (string)data["state"]!, (int)data["done"]!, (bool)data["ended"]!));
    }

    [Fact]
    public async Task Pages_AreShellsOfThisOriginWhoseScriptAndStylesTheAppServes()
    {
        using var sweep = await served.Http.GetAsync("/sweeps/synthetic");
        using var script = await served.Http.GetAsync("/static/sweep.js");
        using var styles = await served.Http.GetAsync("/static/sweep.css");
        var home = await served.Http.GetStringAsync("/");

        Assert.Equal(HttpStatusCode.OK, sweep.StatusCode);
        Assert.Contains($"<body data-page=\"sweep\" data-sweep=\"{served.SweepId}\">", await sweep.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.StartsWith("default-src 'self';", sweep.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("<body data-page=\"sweeps\">", home, StringComparison.Ordinal);
        Assert.Equal(("text/javascript", "text/css"), (script.Content.Headers.ContentType!.MediaType, styles.Content.Headers.ContentType!.MediaType));
        Assert.Contains("new EventSource(", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("http", home.Replace("http-equiv", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    // Each script uses only what the ones before it define: common.js's helpers, then uPlot and the figures, then sweep.js.
    [Theory]
    [InlineData("/", "common.js compare.js sweep.js")]
    [InlineData("/sweeps/synthetic", "common.js uPlot.iife.min.js figures.js parallel.js grid-figures.js sweep.js")]
    [InlineData("/sweeps/nope", "common.js sweep.js")]
    public async Task Pages_LoadTheSharedHelpersFirst_EveryScriptDeferredFromThisApp(string path, string scripts)
    {
        using var page = await served.Http.GetAsync(path);
        using var common = await served.Http.GetAsync("/static/common.js");

        var tags = Regex.Matches(await page.Content.ReadAsStringAsync(), "<script[^>]*>").Select(m => m.Value);
        Assert.Equal(scripts.Split(' ').Select(name => $"<script src=\"/static/{name}\" defer>"), tags);
        Assert.Equal((HttpStatusCode.OK, "text/javascript"), (common.StatusCode, common.Content.Headers.ContentType!.MediaType));
        Assert.Contains("window.sweepCommon = ", await common.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_UnknownSweep_Is404WithTheIdEscaped()
    {
        using var response = await served.Http.GetAsync("/sweeps/%3Cb%3Ex");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("<p>no sweep with id &#x27;&lt;b&gt;x&#x27;</p>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "/api/sweeps")]
    [InlineData("DELETE", "/api/sweeps/synthetic")]
    [InlineData("PUT", "/sweeps/synthetic")]
    public async Task Endpoints_AnythingButGet_IsRefused(string method, string path)
    {
        using var response = await served.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Theory]
    [InlineData("--port", "70000", "--port must be from 0 to 65535, got 70000")]
    [InlineData("--port", "-1", "--port must be from 0 to 65535, got -1")]
    [InlineData("--host", "example.com", "--host must be an IP address or localhost, got 'example.com'")]
    [InlineData("--trace-url", "http://jaeger:16686/trace/", "--trace-url must be an http or https address with {trace_id} in it, got 'http://jaeger:16686/trace/'")]
    [InlineData("--trace-url", "javascript:alert({trace_id})", "--trace-url must be an http or https address with {trace_id} in it, got 'javascript:alert({trace_id})'")]
    [InlineData("--trace-url", "/trace/{trace_id}", "--trace-url must be an http or https address with {trace_id} in it, got '/trace/{trace_id}'")]
    public void Serve_OptionOutOfRange_IsRefusedNamingTheOption(string option, string value, string expected)
    {
        var parsed = SweepCli.Create().Parse(["serve", option, value]);

        Assert.Equal([expected], parsed.Errors.Select(e => e.Message));
    }

    // Each configuration's rank, id, label, completed trials and mean of the ranked metric (to 12 places: the store sums in another order).
    private static (int, string, string, int, double)[] Ranked(JsonNode document) =>
        document["configurations"]!.AsArray().Select(c => ((int)c!["rank"]!, (string)c["id"]!, (string)c["label"]!, (int)c["completed"]!, Math.Round((double)c["metrics"]!["test_accuracy"]!["mean"]!, 12))).ToArray();

    private async Task<string> ResultsJsonAsync(bool history = false)
    {
        var data = await StoreQuery.LoadAsync(served.Store, null, served.SweepId, null, dataFiles: false, CancellationToken.None);
        return ResultsDocument.Json(data.Report, data.Records, history);
    }
}
