using System.Buffers.Binary;
using System.Diagnostics;
using Sweep.Client.Tests.Support;
using Xunit.Abstractions;

namespace Sweep.EndToEnd.Tests.Support;

/// <summary>The headless Chromium checker sees a clean page as clean and a broken page as broken.</summary>
public sealed class HeadlessChromiumTests(ITestOutputHelper output)
{
    /// <summary>CI sets this after installing Debian's chromium, so that CI always runs these tests.</summary>
    public const string RequireVariable = "SWEEP_REQUIRE_CHROMIUM";

    /// <summary>A one-pixel PNG, so that the clean page's image needs no file and no network.</summary>
    private const string Pixel = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [SkippableFact]
    public async Task LoadAsync_CleanPage_HasNoErrorsAndAFullWidthScreenshot()
    {
        HeadlessChromium.SkipUnlessInstalled();

        using var temp = new TemporaryStore();
        var page = temp.WriteFile("clean.html", $"""
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>clean</title></head>
            <body>
              <table><tr><td>a</td></tr><tr><td>b</td></tr><tr><td>c</td></tr></table>
              <img alt="pixel" src="data:image/png;base64,{Pixel}">
              <script>console.log('ready');</script>
            </body></html>
            """);
        var screenshot = Path.Combine(temp.Root, "clean.png");

        var load = await TimedLoadAsync(
            page,
            ["document.querySelectorAll('tr').length", "[...document.images].every(i => i.complete && i.naturalWidth > 0)"],
            screenshot);

        Assert.Empty(load.Errors);
        Assert.Contains("log: ready", load.ConsoleMessages);
        Assert.Equal(3, load.Values[0].GetInt32());
        Assert.True(load.Values[1].GetBoolean());
        var png = await File.ReadAllBytesAsync(screenshot);
        Assert.Equal(PngSignature, png[..8]);
        Assert.Equal(1280, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
    }

    [SkippableFact]
    public async Task LoadAsync_BrokenPage_ReportsTheConsoleErrorAndTheMissingImage()
    {
        HeadlessChromium.SkipUnlessInstalled();

        using var temp = new TemporaryStore();
        var page = temp.WriteFile("broken.html", """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>broken</title></head>
            <body>
              <img alt="missing" src="missing.png">
              <script>console.error('boom');</script>
            </body></html>
            """);

        var load = await TimedLoadAsync(page, [], screenshotPath: null);

        Assert.Contains("error: boom", load.ConsoleMessages);
        Assert.Contains(load.Errors, error => error.Contains("boom", StringComparison.Ordinal));
        Assert.Contains(load.Errors, error => error.Contains("missing.png", StringComparison.Ordinal));
    }

    private async Task<PageLoad> TimedLoadAsync(string page, IReadOnlyList<string> expressions, string? screenshotPath)
    {
        var clock = Stopwatch.StartNew();
        var load = await HeadlessChromium.LoadAsync(page, expressions, screenshotPath);
        output.WriteLine($"loaded {Path.GetFileName(page)} in {clock.Elapsed.TotalSeconds:0.00} s");
        output.WriteLine($"console: {string.Join(" | ", load.ConsoleMessages)}");
        output.WriteLine($"errors: {string.Join(" | ", load.Errors)}");
        return load;
    }
}
