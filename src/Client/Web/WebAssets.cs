using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Sweep.Client.Web;

/// <summary>The pages' scripts and styles (and the charting library's licence), embedded in the program and served at <c>/static/NAME</c>.</summary>
internal static class WebAssets
{
    private static readonly FrozenDictionary<string, string> Types = new Dictionary<string, string>
    {
        ["common.js"] = "text/javascript; charset=utf-8",
        ["sweep.js"] = "text/javascript; charset=utf-8",
        ["sweep.css"] = "text/css; charset=utf-8",
        ["figures.js"] = "text/javascript; charset=utf-8",
        ["compare.js"] = "text/javascript; charset=utf-8",
        ["cancel.js"] = "text/javascript; charset=utf-8",
        ["parallel.js"] = "text/javascript; charset=utf-8",
        ["grid-figures.js"] = "text/javascript; charset=utf-8",
        ["uPlot.iife.min.js"] = "text/javascript; charset=utf-8",
        ["uPlot.min.css"] = "text/css; charset=utf-8",
        ["uPlot.LICENSE"] = "text/plain; charset=utf-8",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, byte[]> Contents = Types.Keys.ToFrozenDictionary(name => name, Read);

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/static/{name}", (string name) =>
            Contents.TryGetValue(name, out var content)
                ? TypedResults.Bytes(content, Types[name])
                : SweepApi.Error($"no file '{name}'", StatusCodes.Status404NotFound));

    private static byte[] Read(string name)
    {
        using var stream = typeof(WebAssets).Assembly.GetManifestResourceStream($"Sweep.Client.Web.Assets.{name}")
            ?? throw new InvalidOperationException($"the program lacks its web asset {name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
