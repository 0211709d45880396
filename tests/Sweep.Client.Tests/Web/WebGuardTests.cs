using System.Net;
using System.Text.Json.Nodes;
using Sweep.Client.Tests.Support;
using Sweep.Client.Web;

namespace Sweep.Client.Tests.Web;

/// <summary>What every response of <c>sweep serve</c> goes through: the host check, the headers, errors as JSON.</summary>
public sealed class WebGuardTests(ServedStore served) : IClassFixture<ServedStore>
{
    [Theory]
    [InlineData("evil.example")]
    [InlineData("192.168.1.7")]
    public async Task AnyRequest_NamingAnotherHostOnLoopback_Is400AndReadsNothing(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/sweeps");
        request.Headers.Host = $"{host}:8321";

        using var response = await served.Http.SendAsync(request);
        var error = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"];

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($"host '{host}' is not this machine: sweep serve on a loopback address answers localhost, 127.0.0.1 and [::1] only", error);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public async Task AnyRequest_NamingThisMachine_IsAnswered(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/sweeps");
        request.Headers.Host = $"{host}:{served.Http.BaseAddress!.Port}";

        using var response = await served.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/sweeps")]
    [InlineData("/static/sweep.js")]
    [InlineData("/no/such/page")]
    public async Task EveryResponse_CarriesThePolicyAndNoSniffing(string path)
    {
        using var response = await served.Http.GetAsync(path);

        Assert.Equal(WebGuard.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Sweeps_StoreGoneWhileServing_Is503NamingTheStore()
    {
        using var temp = new TemporaryStore();
        Directory.CreateDirectory(temp.Store);
        File.Copy(Path.Combine(served.Store, "sweep.db"), Path.Combine(temp.Store, "sweep.db"));
        await using var app = SweepWebApp.Create(new SweepSite(temp.Store, null), "127.0.0.1", 0);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = SweepWebApp.Address(app) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/sweeps")).StatusCode);

        Directory.Delete(temp.Store, recursive: true);
        using var response = await http.GetAsync("/api/sweeps");
        var error = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"];

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal($"cannot read the results: no sweep store at {Path.Combine(temp.Store, "sweep.db")}; run a sweep first or pass --store", error);
        Assert.False(Directory.Exists(temp.Store));
    }
}
