using System.Net;
using System.Text.Json.Nodes;
using Sweep.Client.Cli;
using Sweep.Client.Web;

namespace Sweep.Client.Tests.Web;

/// <summary>
/// <c>POST /api/sweeps/{id}/cancel</c> in process: refused without <c>--allow-cancel</c>, and from another origin with it.
/// (A cancel that goes through is the Chromium test's, on a real run.)
/// </summary>
public sealed class CancelApiTests(ServedStore served) : IClassFixture<ServedStore>
{
    [Fact]
    public async Task Cancel_ServedWithoutAllowCancel_Is403AndTheSweepPageHasNoButton()
    {
        using var request = Post("/api/sweeps/synthetic/cancel", served.Http.BaseAddress!.GetLeftPart(UriPartial.Authority));

        using var response = await served.Http.SendAsync(request);
        var page = await served.Http.GetStringAsync("/sweeps/synthetic");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("sweep serve was started without --allow-cancel: its pages only read", await ErrorAsync(response));
        Assert.DoesNotContain("id=\"cancel\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("cancel.js", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://evil.example", null, "cross-site request refused: Origin http://evil.example is not {0}")]
    [InlineData("null", null, "cross-site request refused: Origin null is not {0}")]
    [InlineData("http://127.0.0.1:1", null, "cross-site request refused: Origin http://127.0.0.1:1 is not {0}")]
    [InlineData(null, "http://evil.example/sweeps/synthetic", "cross-site request refused: Referer http://evil.example/sweeps/synthetic is not of {0}")]
    [InlineData(null, null, "cross-site request refused: a cancel must come from a page of {0}, and this request names neither Origin nor Referer")]
    public async Task Cancel_FromAnotherOriginOrNone_Is403NamingIt(string? origin, string? referer, string expected)
    {
        await using var app = await AllowingAsync();
        using var request = Post("/api/sweeps/synthetic/cancel", origin, referer);

        using var response = await app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, app.Origin), await ErrorAsync(response));
    }

    [Fact]
    public async Task Cancel_ThroughANameRatherThanAnAddress_Is403EvenFromThatOrigin()
    {
        // Off loopback any Host is answered; a page whose name was pointed at this machine (DNS rebinding) is same-origin.
        await using var app = await AllowingAsync("0.0.0.0");
        var port = app.Http.BaseAddress!.Port;
        using var request = Post("/api/sweeps/synthetic/cancel", $"http://rebound.example:{port}");
        request.Headers.Host = $"rebound.example:{port}";

        using var response = await app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("cross-site request refused: a cancel is taken only at this machine's address or localhost, not at the name rebound.example", await ErrorAsync(response));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Cancel_FromThisOrigin_GoesOnToTheSweep(bool origin, bool referer)
    {
        await using var app = await AllowingAsync();
        using var request = Post("/api/sweeps/nope/cancel", origin ? app.Origin : null, referer ? $"{app.Origin}/sweeps/nope" : null);

        using var response = await app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("no sweep with id 'nope'", await ErrorAsync(response));
    }

    [Fact]
    public async Task Cancel_ByGet_IsRefused()
    {
        await using var app = await AllowingAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/sweeps/synthetic/cancel");
        request.Headers.Add("Origin", app.Origin);

        using var response = await app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task SweepPage_ServedWithAllowCancel_HasTheHiddenButtonAndItsScript()
    {
        await using var app = await AllowingAsync();

        var page = await app.Http.GetStringAsync("/sweeps/synthetic");
        using var script = await app.Http.GetAsync("/static/cancel.js");

        Assert.Contains("<p><button id=\"cancel\" type=\"button\" hidden>Cancel sweep</button> <span id=\"cancel-note\"></span></p>", page, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/static/cancel.js\" defer></script>", page, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, "text/javascript"), (script.StatusCode, script.Content.Headers.ContentType!.MediaType));
    }

    [Fact]
    public void Serve_AllowCancel_IsAnOptionWhoseHelpSaysWhoCanCancel()
    {
        var serve = SweepCli.Create().Subcommands.Single(c => c.Name == "serve");
        var option = serve.Options.Single(o => o.Name == "--allow-cancel");

        Assert.Empty(SweepCli.Create().Parse(["serve", "--allow-cancel"]).Errors);
        Assert.Equal(
            "Show a Cancel button on a running sweep's page, which cancels it as sweep cancel does: anyone who can reach the page can then cancel sweeps (default: read-only)",
            option.Description);
    }

    private static HttpRequestMessage Post(string path, string? origin, string? referer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (referer is not null)
        {
            request.Headers.Referrer = new Uri(referer);
        }

        return request;
    }

    private async Task<AllowingApp> AllowingAsync(string host = "127.0.0.1")
    {
        var app = SweepWebApp.Create(new SweepSite(served.Store, null, AllowCancel: true), host, 0);
        await app.StartAsync();
        var address = SweepWebApp.Address(app);

        // Listening on every address, the app is reached at loopback's.
        return new AllowingApp(app, new HttpClient { BaseAddress = host == "0.0.0.0" ? new UriBuilder(address) { Host = "127.0.0.1" }.Uri : address });
    }

    private static async Task<string> ErrorAsync(HttpResponseMessage response) =>
        (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

    // The served store's sweeps in an app started with --allow-cancel.
    private sealed record AllowingApp(Microsoft.AspNetCore.Builder.WebApplication App, HttpClient Http) : IAsyncDisposable
    {
        public string Origin => Http.BaseAddress!.GetLeftPart(UriPartial.Authority);

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
