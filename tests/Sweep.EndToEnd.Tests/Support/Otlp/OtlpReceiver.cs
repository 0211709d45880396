using System.Collections.Concurrent;
using System.Net;

namespace Sweep.EndToEnd.Tests.Support.Otlp;

/// <summary>
/// An OTLP/HTTP endpoint on a free loopback port: it decodes every trace export (protobuf, <c>/v1/traces</c>)
/// and answers every other signal with 200 and an empty body.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<ExportTraceServiceRequest> traces = new();
    private readonly ConcurrentQueue<string> paths = new();
    private readonly Task loop;

    private OtlpReceiver(int port)
    {
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        listener.Prefixes.Add($"{Endpoint}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    /// <summary>What to set as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>Every span received, with its resource's attributes.</summary>
    public (Span Span, IReadOnlyDictionary<string, AnyValue> Resource, string Scope)[] Spans =>
        traces.SelectMany(request => request.ResourceSpans)
            .SelectMany(resource => resource.ScopeSpans.SelectMany(scope => scope.Spans.Select(span =>
                (span, (IReadOnlyDictionary<string, AnyValue>)resource.Resource.Attributes.ToDictionary(a => a.Key, a => a.Value), scope.Scope.Name))))
            .ToArray();

    /// <summary>The request paths, in order.</summary>
    public string[] Paths => [.. paths];

    public static OtlpReceiver Start() => new(LocalCluster.FreePort());

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        await loop;
        listener.Close();
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var path = context.Request.Url!.AbsolutePath;
            paths.Enqueue(path);
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            if (path == "/v1/traces")
            {
                traces.Enqueue(ExportTraceServiceRequest.Parser.ParseFrom(body.ToArray()));
            }

            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }
}
