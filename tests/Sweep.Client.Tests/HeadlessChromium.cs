using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;

namespace Sweep.Client.Tests;

/// <summary>
/// Loads a local HTML file in Debian's headless Chromium through the Chrome DevTools Protocol and reports what the page
/// logged, what failed, and the values of JavaScript expressions evaluated after its load event.
/// </summary>
internal static class HeadlessChromium
{
    /// <summary>Debian's launcher script; it execs the browser, so its process is the browser process.</summary>
    public const string Executable = "/usr/bin/chromium";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly JsonElement Undefined = JsonSerializer.SerializeToElement<object?>(null);

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
    /// <param name="width">The viewport width in CSS pixels, which is also the screenshot's width in pixels.</param>
    /// <param name="cancellationToken">Cancels the load; it also gives up by itself after a minute.</param>
    /// <returns>What the page logged, what failed, and the expressions' values.</returns>
    /// <exception cref="TimeoutException">The minute ran out; the message ends with Chromium's last stderr lines.</exception>
    /// <exception cref="InvalidOperationException">Chromium did not start, the navigation failed, or an expression threw.</exception>
    public static async Task<PageLoad> LoadAsync(
        string htmlPath,
        IReadOnlyList<string> expressions,
        string? screenshotPath = null,
        int width = 1280,
        CancellationToken cancellationToken = default)
    {
        var page = new Uri(Path.GetFullPath(htmlPath));
        if (!File.Exists(page.LocalPath))
        {
            throw new FileNotFoundException("There is no page to load.", page.LocalPath);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var home = Directory.CreateTempSubdirectory("sweep-chromium-");
        var output = new BrowserOutput();
        Process? browser = null;
        try
        {
            browser = Start(home.FullName, output);
            var port = await WaitForDevToolsAsync(browser, output, timeout.Token);
            var target = await FindPageTargetAsync(port, timeout.Token);
            var events = new PageEvents();
            await using var devTools = await DevToolsConnection.ConnectAsync(target, events.Handle, timeout.Token);
            var values = await LoadPageAsync(devTools, events, page, expressions, screenshotPath, width, timeout.Token);
            return events.ToPageLoad(values);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Chromium did not load {page} within {Timeout.TotalSeconds} s.{output.Tail()}");
        }
        finally
        {
            if (browser is not null)
            {
                await StopAsync(browser);
            }

            await DeleteAsync(home);
        }
    }

    private static Process Start(string home, BrowserOutput output)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments(Path.Combine(home, "profile")))
        {
            start.ArgumentList.Add(argument);
        }

        // Chromium's crash handler keeps its database under the XDG config directory, not the profile.
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(home, "config");
        var browser = new Process { StartInfo = start };
        browser.ErrorDataReceived += (_, line) => output.Add(line.Data);
        browser.OutputDataReceived += (_, _) => { };
        browser.Start();
        browser.BeginErrorReadLine();
        browser.BeginOutputReadLine();
        return browser;
    }

    private static string[] Arguments(string profile) =>
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--hide-scrollbars",
        "--mute-audio",
        "--remote-debugging-port=0",
        $"--user-data-dir={profile}",
        "about:blank",
    ];

    private static async Task<int> WaitForDevToolsAsync(Process browser, BrowserOutput output, CancellationToken cancellationToken)
    {
        var exited = browser.WaitForExitAsync(cancellationToken);
        if (await Task.WhenAny(output.Listening, exited) == exited)
        {
            await exited;
            throw new InvalidOperationException($"Chromium exited with code {browser.ExitCode} before DevTools listened.{output.Tail()}");
        }

        return (await output.Listening).Port;
    }

    private static async Task<Uri> FindPageTargetAsync(int port, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var targets = await http.GetFromJsonAsync<JsonElement>("json/list", cancellationToken);
        foreach (var target in targets.EnumerateArray())
        {
            if (target.GetProperty("type").GetString() == "page")
            {
                return new Uri(target.GetProperty("webSocketDebuggerUrl").GetString()!);
            }
        }

        // The first tab may not be listed yet; a new one is, as soon as this answers.
        using var created = await http.PutAsync("json/new?about:blank", content: null, cancellationToken);
        var tab = await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return new Uri(tab.GetProperty("webSocketDebuggerUrl").GetString()!);
    }

    private static async Task<IReadOnlyList<JsonElement>> LoadPageAsync(
        DevToolsConnection devTools,
        PageEvents events,
        Uri page,
        IReadOnlyList<string> expressions,
        string? screenshotPath,
        int width,
        CancellationToken cancellationToken)
    {
        foreach (var domain in (string[])["Runtime", "Log", "Page", "Network"])
        {
            await devTools.SendAsync($"{domain}.enable", null, cancellationToken);
        }

        var viewport = new { Width = width, Height = 800, DeviceScaleFactor = 1, Mobile = false };
        await devTools.SendAsync("Emulation.setDeviceMetricsOverride", viewport, cancellationToken);
        var loaded = events.ExpectLoad();
        await NavigateAsync(devTools, page, cancellationToken);
        await loaded.WaitAsync(cancellationToken);
        var values = new List<JsonElement>();
        foreach (var expression in expressions)
        {
            values.Add(await EvaluateAsync(devTools, expression, cancellationToken));
        }

        if (screenshotPath is not null)
        {
            await CaptureFullPageAsync(devTools, screenshotPath, width, cancellationToken);
        }

        return values;
    }

    private static async Task NavigateAsync(DevToolsConnection devTools, Uri page, CancellationToken cancellationToken)
    {
        var navigation = await devTools.SendAsync("Page.navigate", new { Url = page.AbsoluteUri }, cancellationToken);
        if (navigation.TryGetProperty("errorText", out var error))
        {
            throw new InvalidOperationException($"Chromium could not open {page}: {error.GetString()}");
        }
    }

    private static async Task<JsonElement> EvaluateAsync(DevToolsConnection devTools, string expression, CancellationToken cancellationToken)
    {
        var evaluation = new { Expression = expression, ReturnByValue = true, AwaitPromise = true };
        var reply = await devTools.SendAsync("Runtime.evaluate", evaluation, cancellationToken);
        if (reply.TryGetProperty("exceptionDetails", out var details))
        {
            throw new InvalidOperationException($"Evaluating '{expression}' threw {PageEvents.Describe(details)}");
        }

        var result = reply.GetProperty("result");
        if (result.TryGetProperty("value", out var value))
        {
            return value;
        }

        // NaN, Infinity, -0 and bigints have no JSON value; their spelling does.
        return result.TryGetProperty("unserializableValue", out var spelling) ? spelling : Undefined;
    }

    private static async Task CaptureFullPageAsync(DevToolsConnection devTools, string path, int width, CancellationToken cancellationToken)
    {
        var metrics = await devTools.SendAsync("Page.getLayoutMetrics", null, cancellationToken);
        var height = Math.Max(1, Math.Ceiling(metrics.GetProperty("cssContentSize").GetProperty("height").GetDouble()));
        var clip = new { X = 0, Y = 0, Width = width, Height = height, Scale = 1 };
        var capture = new { Format = "png", CaptureBeyondViewport = true, Clip = clip };
        var screenshot = await devTools.SendAsync("Page.captureScreenshot", capture, cancellationToken);
        await File.WriteAllBytesAsync(path, screenshot.GetProperty("data").GetBytesFromBase64(), cancellationToken);
    }

    private static async Task StopAsync(Process browser)
    {
        using (browser)
        {
            if (!browser.HasExited)
            {
                browser.Kill(entireProcessTree: true);
            }

            await browser.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static async Task DeleteAsync(DirectoryInfo home)
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

    /// <summary>Chromium's stderr: the DevTools address it announces, and its last lines for error messages.</summary>
    private sealed class BrowserOutput
    {
        private const string Announcement = "DevTools listening on ";

        private readonly ConcurrentQueue<string> lines = new();

        private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<Uri> Listening => listening.Task;

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lines.Enqueue(line);
            while (lines.Count > 30 && lines.TryDequeue(out _))
            {
            }

            if (line.StartsWith(Announcement, StringComparison.Ordinal))
            {
                listening.TrySetResult(new Uri(line[Announcement.Length..].Trim()));
            }
        }

        public string Tail() => $"{Environment.NewLine}Chromium's stderr ends with:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}";
    }

    /// <summary>Collects the page's console messages and errors from DevTools events, and notices the load event.</summary>
    private sealed class PageEvents
    {
        private readonly Lock gate = new();

        private readonly List<string> console = [];

        private readonly List<string> errors = [];

        private readonly Dictionary<string, string> requests = [];

        private TaskCompletionSource? loaded;

        /// <summary>The next load event, and no earlier one (a fresh tab's own about:blank load, say).</summary>
        public Task ExpectLoad()
        {
            lock (gate)
            {
                loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return loaded.Task;
            }
        }

        public static string Describe(JsonElement exceptionDetails)
        {
            var text = exceptionDetails.TryGetProperty("exception", out var exception) && exception.TryGetProperty("description", out var description)
                ? description.GetString()
                : exceptionDetails.GetProperty("text").GetString();
            var url = exceptionDetails.TryGetProperty("url", out var source) ? source.GetString() : null;
            return $"{text} ({url}:{exceptionDetails.GetProperty("lineNumber").GetInt32() + 1})";
        }

        public void Handle(string method, JsonElement parameters)
        {
            lock (gate)
            {
                switch (method)
                {
                    case "Page.loadEventFired":
                        loaded?.TrySetResult();
                        break;
                    case "Runtime.consoleAPICalled":
                        AddConsoleMessage(parameters);
                        break;
                    case "Runtime.exceptionThrown":
                        errors.Add($"uncaught {Describe(parameters.GetProperty("exceptionDetails"))}");
                        break;
                    case "Log.entryAdded":
                        AddLogEntry(parameters.GetProperty("entry"));
                        break;
                    case "Network.requestWillBeSent":
                        requests[parameters.GetProperty("requestId").GetString()!] = parameters.GetProperty("request").GetProperty("url").GetString()!;
                        break;
                    case "Network.loadingFailed":
                        AddFailedLoad(parameters);
                        break;
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

        private static string Text(JsonElement remoteObject) =>
            remoteObject.TryGetProperty("value", out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()
            : remoteObject.TryGetProperty("unserializableValue", out var spelling) ? spelling.GetString()!
            : remoteObject.TryGetProperty("description", out var description) ? description.GetString()!
            : remoteObject.GetProperty("type").GetString()!;

        private void AddConsoleMessage(JsonElement call)
        {
            var type = call.GetProperty("type").GetString();
            var message = $"{type}: {string.Join(' ', call.GetProperty("args").EnumerateArray().Select(Text))}";
            console.Add(message);
            if (type is "error" or "assert")
            {
                errors.Add($"console {message}");
            }
        }

        private void AddLogEntry(JsonElement entry)
        {
            var level = entry.GetProperty("level").GetString();
            if (level is not ("error" or "warning"))
            {
                return;
            }

            var url = entry.TryGetProperty("url", out var source) ? $" {source.GetString()}" : "";
            var message = $"log {level} ({entry.GetProperty("source").GetString()}): {entry.GetProperty("text").GetString()}{url}";
            console.Add(message);
            if (level == "error")
            {
                errors.Add(message);
            }
        }

        private void AddFailedLoad(JsonElement failure)
        {
            var blocked = failure.TryGetProperty("blockedReason", out var reason) ? $" (blocked: {reason.GetString()})" : "";
            if (failure.TryGetProperty("canceled", out var canceled) && canceled.GetBoolean() && blocked.Length == 0)
            {
                return;
            }

            var url = requests.GetValueOrDefault(failure.GetProperty("requestId").GetString()!, "an unknown request");
            errors.Add($"network: {url} failed: {failure.GetProperty("errorText").GetString()}{blocked}");
        }
    }

    /// <summary>
    /// One DevTools WebSocket: commands matched to their replies by id, and events handed to a callback, both from a
    /// background receive loop. Commands are sent one at a time.
    /// </summary>
    private sealed class DevToolsConnection : IAsyncDisposable
    {
        private readonly ClientWebSocket socket = new();

        private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> replies = new();

        private readonly Action<string, JsonElement> onEvent;

        private Task receiving = Task.CompletedTask;

        private Exception? failure;

        private int lastId;

        private DevToolsConnection(Action<string, JsonElement> onEvent)
        {
            this.onEvent = onEvent;
        }

        public static async Task<DevToolsConnection> ConnectAsync(Uri target, Action<string, JsonElement> onEvent, CancellationToken cancellationToken)
        {
            var connection = new DevToolsConnection(onEvent);
            try
            {
                await connection.socket.ConnectAsync(target, cancellationToken);
            }
            catch
            {
                connection.socket.Dispose();
                throw;
            }

            connection.receiving = connection.ReceiveAllAsync(cancellationToken);
            return connection;
        }

        public async Task<JsonElement> SendAsync(string method, object? parameters, CancellationToken cancellationToken)
        {
            var id = Interlocked.Increment(ref lastId);
            var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
            replies[id] = reply;
            if (Volatile.Read(ref failure) is { } closed)
            {
                reply.TrySetException(closed);
            }

            var command = JsonSerializer.SerializeToUtf8Bytes(new { Id = id, Method = method, Params = parameters ?? new object() }, Json);
            await socket.SendAsync(command, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            var message = await reply.Task.WaitAsync(cancellationToken);
            if (message.TryGetProperty("error", out var error))
            {
                throw new InvalidOperationException($"DevTools refused {method}: {error.GetRawText()}");
            }

            return message.GetProperty("result");
        }

        public async ValueTask DisposeAsync()
        {
            socket.Abort();
            await receiving;
            socket.Dispose();
        }

        private async Task ReceiveAllAsync(CancellationToken cancellationToken)
        {
            var buffer = new ArrayBufferWriter<byte>();
            try
            {
                while (await ReceiveAsync(buffer, cancellationToken) is { } message)
                {
                    Dispatch(message);
                }

                Fail(new IOException("Chromium closed the DevTools connection."));
            }
            catch (Exception exception)
            {
                Fail(exception);
            }
        }

        private async Task<JsonElement?> ReceiveAsync(ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
        {
            buffer.ResetWrittenCount();
            ValueWebSocketReceiveResult frame;
            do
            {
                frame = await socket.ReceiveAsync(buffer.GetMemory(64 * 1024), cancellationToken);
                if (frame.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                buffer.Advance(frame.Count);
            }
            while (!frame.EndOfMessage);
            return JsonSerializer.Deserialize<JsonElement>(buffer.WrittenSpan);
        }

        private void Dispatch(JsonElement message)
        {
            if (message.TryGetProperty("id", out var id))
            {
                if (replies.TryRemove(id.GetInt32(), out var reply))
                {
                    reply.TrySetResult(message);
                }
            }
            else if (message.TryGetProperty("method", out var method))
            {
                onEvent(method.GetString()!, message.TryGetProperty("params", out var parameters) ? parameters : default);
            }
        }

        private void Fail(Exception exception)
        {
            Volatile.Write(ref failure, exception);
            foreach (var id in replies.Keys)
            {
                if (replies.TryRemove(id, out var reply))
                {
                    reply.TrySetException(exception);
                }
            }
        }
    }
}
