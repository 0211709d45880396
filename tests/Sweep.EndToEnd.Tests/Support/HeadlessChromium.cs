using System.Text.Json;
using PuppeteerSharp;

namespace Sweep.EndToEnd.Tests.Support;

/// <summary>
/// Loads a local HTML file in Debian's headless Chromium through PuppeteerSharp and reports what the page logged,
/// what failed, and the values of JavaScript expressions evaluated after its load event.
/// </summary>
internal static class HeadlessChromium
{
    /// <summary>Debian's launcher script; it execs the browser, so its process is the browser process.</summary>
    public const string Executable = "/usr/bin/chromium";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static readonly JsonElement Null = JsonSerializer.SerializeToElement<object?>(null);

    /// <summary>Gets a value indicating whether Chromium is installed where Debian puts it.</summary>
    public static bool IsInstalled => File.Exists(Executable);

    /// <summary>
    /// Skips the calling test, with the reason, where Chromium is not installed; unless <c>SWEEP_REQUIRE_CHROMIUM</c> is set:
    /// then the missing browser fails the test.
    /// </summary>
    public static void SkipUnlessInstalled()
    {
        Assert.True(
            IsInstalled || Environment.GetEnvironmentVariable(HeadlessChromiumTests.RequireVariable) != "1",
            $"{HeadlessChromiumTests.RequireVariable}=1 but {Executable} is not installed");
        Skip.IfNot(IsInstalled, $"Chromium is not installed at {Executable} (apt-get install chromium; .ci/run installs it)");
    }

    /// <summary>
    /// Starts a fresh headless Chromium, loads <paramref name="htmlPath"/> at <paramref name="width"/> CSS pixels wide,
    /// waits for its load event, evaluates <paramref name="expressions"/> (awaiting promises) and optionally writes a
    /// full-page PNG screenshot; the browser and its temporary profile are gone when this returns.
    /// </summary>
    /// <param name="htmlPath">The HTML file to load; relative resources resolve next to it.</param>
    /// <param name="expressions">JavaScript expressions whose JSON values are returned in <see cref="PageLoad.Values"/>.</param>
    /// <param name="screenshotPath">Where to write the full-page screenshot, or null for none.</param>
    /// <param name="width">The viewport width in CSS pixels, and so the screenshot's width in pixels for a page no wider.</param>
    /// <returns>What the page logged, what failed, and the expressions' values.</returns>
    /// <exception cref="TimeoutException">The page was not loaded, evaluated and captured within a minute.</exception>
    /// <exception cref="PuppeteerException">Chromium did not start, the navigation failed, or an expression threw.</exception>
    public static async Task<PageLoad> LoadAsync(
        string htmlPath,
        IReadOnlyList<string> expressions,
        string? screenshotPath = null,
        int width = 1280)
    {
        var page = new Uri(Path.GetFullPath(htmlPath));
        if (!File.Exists(page.LocalPath))
        {
            throw new FileNotFoundException("There is no page to load.", page.LocalPath);
        }

        var home = Directory.CreateTempSubdirectory("sweep-chromium-");
        try
        {
            await using var browser = await Puppeteer.LaunchAsync(Options(home.FullName, width));
            try
            {
                return await LoadAsync(browser, page, expressions, screenshotPath).WaitAsync(Timeout);
            }
            catch (TimeoutException exception)
            {
                throw new TimeoutException($"Chromium did not load {page} within {Timeout.TotalSeconds} s.", exception);
            }
        }
        finally
        {
            await DeleteAsync(home);
        }
    }

    /// <summary>
    /// Starts a fresh headless Chromium and opens <paramref name="address"/> (a page of a server), waiting for its load
    /// event; the session's page stays open, to be watched and asked, until the session is disposed, which ends the
    /// browser and removes its temporary profile.
    /// </summary>
    /// <exception cref="PuppeteerException">Chromium did not start or the navigation failed.</exception>
    public static async Task<ChromiumSession> OpenAsync(Uri address, int width = 1280)
    {
        var home = Directory.CreateTempSubdirectory("sweep-chromium-");
        IBrowser? browser = null;
        try
        {
            browser = await Puppeteer.LaunchAsync(Options(home.FullName, width));
            var tab = await browser.NewPageAsync();
            var events = new PageEvents(tab);
            await tab.GoToAsync(address.AbsoluteUri, WaitUntilNavigation.Load).WaitAsync(Timeout);
            return new ChromiumSession(browser, tab, events, () => DeleteAsync(home));
        }
        catch
        {
            if (browser is not null)
            {
                await browser.DisposeAsync();
            }

            await DeleteAsync(home);
            throw;
        }
    }

    private static LaunchOptions Options(string home, int width) => new()
    {
        ExecutablePath = Executable,
        Headless = true,

        // CI runs the tests as root, where Chromium's sandbox refuses to start; no machine that runs them has a GPU.
        Args = ["--no-sandbox", "--disable-gpu"],
        UserDataDir = Path.Combine(home, "profile"),

        // Chromium's crash handler keeps its database under the XDG config folder, its certificate store is under the home
        // folder, not the profile, and its singleton socket under TMPDIR: none is the caller's, and all go with the folder.
        Env =
        {
            ["HOME"] = home,
            ["XDG_CONFIG_HOME"] = Path.Combine(home, "config"),
            ["TMPDIR"] = home,
        },
        DefaultViewport = new ViewPortOptions { Width = width, Height = 800, DeviceScaleFactor = 1 },
        Timeout = (int)Timeout.TotalMilliseconds,
    };

    private static async Task<PageLoad> LoadAsync(IBrowser browser, Uri page, IReadOnlyList<string> expressions, string? screenshotPath)
    {
        var tab = await browser.NewPageAsync();
        var events = new PageEvents(tab);
        await tab.GoToAsync(page.AbsoluteUri, WaitUntilNavigation.Load);
        var values = new List<JsonElement>();
        foreach (var expression in expressions)
        {
            values.Add(await tab.EvaluateExpressionAsync<JsonElement?>(expression) ?? Null);
        }

        if (screenshotPath is not null)
        {
            await tab.ScreenshotAsync(screenshotPath, new ScreenshotOptions { Type = ScreenshotType.Png, FullPage = true });
        }

        return events.ToPageLoad(values);
    }

    internal static async Task DeleteAsync(DirectoryInfo home)
    {
        // The crash handler is no child of the browser; it notices the browser's death and exits by itself, soon.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                home.Delete(recursive: true);
                return;
            }
            catch (IOException) when (attempt < 50)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        }
    }
}
