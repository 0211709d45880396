using System.Net;
using System.Text.Json.Nodes;
using Sweep.Client.Commands;
using Sweep.Client.Output;
using Sweep.Client.Tests.Support;
using Sweep.Client.Web;

namespace Sweep.Client.Tests.Web;

/// <summary>What every endpoint and page answers for a store deleted while served (503), and the detail pages for what a sweep lacks (404).</summary>
public sealed class NotThereTests(ServedStore served) : IClassFixture<ServedStore>
{
    [Theory]
    [InlineData("GET", "/api/sweeps")]
    [InlineData("GET", "/api/sweeps/synthetic")]
    [InlineData("GET", "/api/sweeps/synthetic/ranking")]
    [InlineData("GET", "/api/sweeps/synthetic/trials")]
    [InlineData("GET", "/api/sweeps/synthetic/configurations/abc")]
    [InlineData("GET", "/api/sweeps/synthetic/trials/abc/1")]
    [InlineData("GET", "/api/sweeps/synthetic/events")]
    [InlineData("GET", "/api/sweeps/synthetic/curves")]
    [InlineData("GET", "/api/compare?a=synthetic&b=synthetic")]
    [InlineData("POST", "/api/sweeps/synthetic/cancel")]
    [InlineData("GET", "/sweeps/synthetic")]
    [InlineData("GET", "/sweeps/synthetic/configurations/abc")]
    [InlineData("GET", "/sweeps/synthetic/trials/abc/1")]
    [InlineData("GET", "/compare?a=synthetic&b=synthetic")]
    public async Task Any_StoreGoneWhileServing_Is503NamingTheStore(string method, string path)
    {
        using var temp = new TemporaryStore();
        Directory.CreateDirectory(temp.Store);
        File.Copy(Path.Combine(served.Store, "sweep.db"), Path.Combine(temp.Store, "sweep.db"));
        await using var app = SweepWebApp.Create(new SweepSite(temp.Store, null, AllowCancel: true), "127.0.0.1", 0);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = SweepWebApp.Address(app) };
        Directory.Delete(temp.Store, recursive: true);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("Origin", http.BaseAddress!.GetLeftPart(UriPartial.Authority));

        using var response = await http.SendAsync(request);
        var error = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"];

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal($"cannot read the results: no sweep store at {Path.Combine(temp.Store, "sweep.db")}; run a sweep first or pass --store", error);
        Assert.False(Directory.Exists(temp.Store));
    }

    [Fact]
    public async Task ConfigurationPage_UnknownConfiguration_Is404SayingSo()
    {
        using var response = await served.Http.GetAsync("/sweeps/synthetic/configurations/%3Cabc%3E");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains($"<h1>Not found</h1>\n<p>no configuration &#x27;&lt;abc&gt;&#x27; in sweep &#x27;{served.SweepId}&#x27;</p>", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, 1, "no finished trial of configuration &#x27;abc&#x27; with seed 1 in sweep &#x27;{0}&#x27;")]
    [InlineData(true, 99, "no finished trial of configuration &#x27;{1}&#x27; with seed 99 in sweep &#x27;{0}&#x27;")]
    public async Task TrialPage_UnknownConfigurationOrSeed_Is404SayingSo(bool knownConfiguration, int seed, string expected)
    {
        var id = knownConfiguration ? await FirstConfigurationAsync() : "abc";

        using var response = await served.Http.GetAsync($"/sweeps/synthetic/trials/{id}/{seed}");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains($"<h1>Not found</h1>\n<p>{string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, served.SweepId, id)}</p>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DetailPages_OfWhatTheSweepHas_Are200()
    {
        var id = await FirstConfigurationAsync();

        using var configuration = await served.Http.GetAsync($"/sweeps/synthetic/configurations/{id}");
        using var trial = await served.Http.GetAsync($"/sweeps/synthetic/trials/{id}/2");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (configuration.StatusCode, trial.StatusCode));
    }

    private async Task<string> FirstConfigurationAsync()
    {
        var report = await StoreQuery.RankingAsync(served.Store, null, served.SweepId, null, CancellationToken.None);
        return JsonNode.Parse(ResultsDocument.Ranking(report))!["configurations"]![0]!["id"]!.GetValue<string>();
    }
}
