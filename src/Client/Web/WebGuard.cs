using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Sweep.Client.Web;

/// <summary>
/// What every response of the web UI goes through: on a loopback address only requests that name this machine (a page of
/// another site whose name was pointed at 127.0.0.1 cannot read the results); the same security headers on pages, assets,
/// JSON and errors alike; and a failure no endpoint answered as a JSON error naming its cause, never a stack trace.
/// </summary>
internal static class WebGuard
{
    /// <summary>The policy of every response: the app's own scripts, styles and images only, no frames.</summary>
    public const string ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "[::1]", "::1"];

    public static void Use(WebApplication app, bool loopback)
    {
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            if (loopback && !LoopbackNames.Contains(context.Request.Host.Host, StringComparer.OrdinalIgnoreCase))
            {
                await WriteErrorAsync(context, $"host '{context.Request.Host.Host}' is not this machine: sweep serve on a loopback address answers localhost, 127.0.0.1 and [::1] only", StatusCodes.Status400BadRequest);
                return;
            }

            try
            {
                await next(context);
            }
            catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
            {
                await WriteErrorAsync(context, CannotRead(e), StatusCodes.Status503ServiceUnavailable);
            }
        });
    }

    /// <summary>The error of results that cannot be read (503): <c>cannot read the results: </c> and the cause.</summary>
    public static string CannotRead(Exception cause) => $"cannot read the results: {cause.Message}";

    /// <summary>Whether <paramref name="host"/> (an IP address or <c>localhost</c>) is this machine only.</summary>
    public static bool IsLoopback(string host) => host == "localhost" || IPAddress.IsLoopback(IPAddress.Parse(host));

    private static Task WriteErrorAsync(HttpContext context, string message, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = SweepApi.JsonType;
        return context.Response.WriteAsync(new System.Text.Json.Nodes.JsonObject { ["error"] = message }.ToJsonString());
    }
}
