using System.Text.Json;

namespace Sweep.EndToEnd.Tests.Support;

/// <summary>What a page did while headless Chromium loaded it, and the values of the expressions asked about it.</summary>
/// <param name="ConsoleMessages">
/// Everything the page's console showed, in order, as <c>type: text</c>: console API calls (<c>log: hello</c>,
/// <c>error: boom</c>) and the browser's own entries (<c>error: Failed to load resource: net::ERR_FILE_NOT_FOUND</c>).
/// </param>
/// <param name="Errors">
/// Uncaught exceptions and rejections, console messages of type error or assert (the browser's own included, such as
/// a missing image's) with where they came from, and failed network loads; empty for a clean page.
/// </param>
/// <param name="Values">The value of each expression after the load event, in the order asked; null for <c>undefined</c>.</param>
internal sealed record PageLoad(IReadOnlyList<string> ConsoleMessages, IReadOnlyList<string> Errors, IReadOnlyList<JsonElement> Values);
