using PuppeteerSharp;

namespace Sweep.EndToEnd.Tests.Support;

/// <summary>
/// A page open in headless Chromium (<see cref="HeadlessChromium.OpenAsync"/>), with what it has logged and failed since
/// it was created; disposing it ends the browser and removes its profile.
/// </summary>
internal sealed class ChromiumSession(IBrowser browser, IPage page, PageEvents events, Func<Task> cleanUp) : IAsyncDisposable
{
    /// <summary>The open page.</summary>
    public IPage Page => page;

    /// <summary>Uncaught exceptions, console errors and failed requests so far; empty for a clean page.</summary>
    public IReadOnlyList<string> Errors => events.Errors;

    /// <summary>Waits until <paramref name="expression"/> is truthy on the page (checked at every animation frame and DOM change).</summary>
    /// <exception cref="WaitTaskTimeoutException">It was not within <paramref name="timeout"/>.</exception>
    public Task WaitForAsync(string expression, TimeSpan timeout) =>
        page.WaitForExpressionAsync(expression, new WaitForFunctionOptions { Timeout = (int)timeout.TotalMilliseconds, Polling = WaitForFunctionPollingOption.Mutation });

    /// <summary>The JSON value of <paramref name="expression"/> on the page, promises awaited.</summary>
    public Task<T> EvaluateAsync<T>(string expression) => page.EvaluateExpressionAsync<T>(expression);

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        await cleanUp();
    }
}
