using System.Text.Json;
using PuppeteerSharp;

namespace Sweep.EndToEnd.Tests.Support;

/// <summary>Collects a page's console messages and errors from the moment it is created.</summary>
internal sealed class PageEvents
{
    private readonly Lock gate = new();

    private readonly List<string> console = [];

    private readonly List<string> errors = [];

    public PageEvents(IPage page)
    {
        page.Console += (_, e) => AddConsoleMessage(e.Message);
        page.ExceptionThrown += (_, e) => Add(errors, $"uncaught {e.Exception.Text}{At(e.Exception.Location?.URL, e.Exception.Location?.LineNumber)}");
        page.RequestFailed += (_, e) => Add(errors, $"network: {e.Request.Url} failed: {e.Request.FailureText}");
    }

    /// <summary>The errors so far: uncaught exceptions, console errors and failed requests.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (gate)
            {
                return [.. errors];
            }
        }
    }

    public PageLoad ToPageLoad(IReadOnlyList<JsonElement> values)
    {
        lock (gate)
        {
            return new PageLoad([.. console], [.. errors], values);
        }
    }

    private static string At(string? url, int? line) =>
        string.IsNullOrEmpty(url) ? "" : line is { } zeroBased ? $" ({url}:{zeroBased + 1})" : $" ({url})";

    private void AddConsoleMessage(ConsoleMessage entry)
    {
        // Console API calls and the browser's own log entries (a resource that failed to load, say) both come here.
        var message = $"{entry.Type.ToString().ToLowerInvariant()}: {entry.Text}";
        Add(console, message);
        if (entry.Type is ConsoleType.Error or ConsoleType.Assert)
        {
            Add(errors, $"console {message}{At(entry.Location?.URL, entry.Location?.LineNumber)}");
        }
    }

    private void Add(List<string> messages, string message)
    {
        lock (gate)
        {
            messages.Add(message);
        }
    }
}
