using System.Text.Json;

namespace Sweep.Client.Tests;

/// <summary>What a page did while headless Chromium loaded it, and the values of the expressions asked about it.</summary>
/// <param name="ConsoleMessages">
/// Everything the page wrote to its console, in order: console API calls as <c>type: text</c> (<c>log: hello</c>,
/// <c>error: boom</c>) and browser log entries of level warning or error as <c>log level (source): text url</c>.
/// </param>
/// <param name="Errors">
/// Uncaught exceptions, console messages of type error or assert, browser log entries of level error
/// (such as a missing image) and failed network loads; empty for a clean page.
/// </param>
/// <param name="Values">The value of each expression after the load event, in the order asked; null for <c>undefined</c>.</param>
internal sealed record PageLoad(IReadOnlyList<string> ConsoleMessages, IReadOnlyList<string> Errors, IReadOnlyList<JsonElement> Values);
