using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Sweep.Client.Web;

/// <summary>
/// The JSON endpoints, one for each page, all GET (nothing here changes a sweep): <c>/api/sweeps</c> (what <c>sweep
/// list</c> shows), <c>/api/sweeps/{id}</c> (exactly what <c>sweep results ID --format json</c> prints), <c>/api/sweeps/{id}/ranking</c>
/// (that without its trials, for a sweep of any size), <c>/api/sweeps/{id}/trials?offset=&amp;limit=&amp;configuration=</c> (a
/// page of its finished trials, or of one configuration's, latest first), <c>/api/sweeps/{id}/configurations/{configurationId}?trials=false&amp;history=false</c> and
/// <c>/api/sweeps/{id}/trials/{configurationId}/{seed}</c> (one configuration, one trial, as <c>results --format json
/// --history</c> has them) and <c>/api/sweeps/{id}/events</c> (the sweep's progress as server-sent events). An id is what the command line takes:
/// an id, a unique prefix of one, or a sweep's name. No such sweep: 404 with <c>{"error": "no sweep with id 'ID'"}</c>;
/// several: 400, the message naming them.
/// </summary>
internal static class SweepApi
{
    public const string JsonType = "application/json; charset=utf-8";

    /// <summary>The trials a page of <c>/api/sweeps/{id}/trials</c> holds unless <c>limit</c> says otherwise.</summary>
    public const int DefaultPage = 100;

    /// <summary>The most trials one page may hold.</summary>
    public const int MaxPage = 500;

    public static void Map(IEndpointRouteBuilder endpoints, SweepSite site, SweepFeeds feeds)
    {
        endpoints.MapGet("/api/sweeps", async (CancellationToken cancellationToken) =>
        {
            var statuses = await site.ListAsync(cancellationToken);
            return TypedResults.Text(Output.ResultsDocument.Sweeps(statuses, await site.PacesAsync(cancellationToken), TimeProvider.System.GetUtcNow()), JsonType);
        });

        endpoints.MapGet("/api/sweeps/{id}", (string id, CancellationToken cancellationToken) =>
            GuardAsync(async () => TypedResults.Text(await site.ResultsJsonAsync(id, cancellationToken), JsonType)));

        endpoints.MapGet("/api/sweeps/{id}/ranking", (string id, CancellationToken cancellationToken) =>
            GuardAsync(async () => TypedResults.Text(await site.RankingJsonAsync(id, cancellationToken), JsonType)));

        endpoints.MapGet("/api/sweeps/{id}/trials", (string id, string? offset, string? limit, string? configuration, CancellationToken cancellationToken) =>
            GuardAsync(async () =>
            {
                var from = Whole(offset, "offset", 0, int.MaxValue, 0);
                var count = Whole(limit, "limit", 1, MaxPage, DefaultPage);
                return TypedResults.Text(await site.TrialsJsonAsync(id, from, count, configuration, cancellationToken), JsonType);
            }));

        endpoints.MapGet("/api/sweeps/{id}/configurations/{configurationId}", (string id, string configurationId, string? history, string? trials, CancellationToken cancellationToken) =>
            GuardAsync(async () =>
            {
                var (withHistory, withTrials) = (Flag(history, "history"), Flag(trials, "trials"));
                return TypedResults.Text(await site.ConfigurationJsonAsync(id, configurationId, withTrials, withHistory, cancellationToken), JsonType);
            }));

        endpoints.MapGet("/api/sweeps/{id}/trials/{configurationId}/{seed:int}", (string id, string configurationId, int seed, CancellationToken cancellationToken) =>
            GuardAsync(async () => TypedResults.Text(await site.TrialJsonAsync(id, configurationId, seed, cancellationToken), JsonType)));

        endpoints.MapGet("/api/sweeps/{id}/events", (string id, IHostApplicationLifetime lifetime, CancellationToken cancellationToken) =>
            GuardAsync(async () =>
            {
                var sweepId = await site.ResolveAsync(id, cancellationToken);

                // The stream ends when the client goes or the server stops, whichever comes first.
                var ending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
                return TypedResults.ServerSentEvents(Disposing(feeds.StreamAsync(sweepId, ending.Token), ending));
            }));
    }

    /// <summary>A JSON error body: <c>{"error": message}</c>.</summary>
    public static IResult Error(string message, int statusCode) =>
        TypedResults.Text(new JsonObject { ["error"] = message }.ToJsonString(), JsonType, statusCode: statusCode);

    /// <summary>
    /// Runs an endpoint, answering a sweep that is not there with 404 and an ambiguous one with 400, each with the message;
    /// a store that is not there (deleted while served) with 503, as <see cref="WebGuard"/> answers what cannot be read.
    /// </summary>
    public static async Task<IResult> GuardAsync(Func<Task<IResult>> endpoint)
    {
        try
        {
            return await endpoint();
        }
        catch (Commands.MissingStoreException e)
        {
            return Error(WebGuard.CannotRead(e), StatusCodes.Status503ServiceUnavailable);
        }
        catch (KeyNotFoundException e)
        {
            return Error(e.Message, StatusCodes.Status404NotFound);
        }
        catch (ArgumentException e)
        {
            return Error(e.Message, StatusCodes.Status400BadRequest);
        }
    }

    // A query parameter that must be a whole number in [min, max]; absent, the default. Anything else is the caller's error.
    private static int Whole(string? given, string name, int min, int max, int absent)
    {
        if (given is null)
        {
            return absent;
        }

        if (int.TryParse(given, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        var allowed = max == int.MaxValue ? $"a whole number, {min} or more" : $"a whole number from {min} to {max}";
        throw new ArgumentException($"{name} must be {allowed}, got '{given}'");
    }

    /// <summary>
    /// Runs an endpoint of a few configurations with the names of <paramref name="configs"/>: what <c>sweep plot
    /// --configs</c> takes, comma-separated (absent: none named). A parameter that names none, or a name that matches no
    /// configuration, is a 400 whose message starts with <c>configs: </c>.
    /// </summary>
    public static async Task<IResult> WithConfigsAsync(string? configs, Func<IReadOnlyList<string>, Task<IResult>> endpoint)
    {
        var names = (configs ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (configs is not null && names.Length == 0)
        {
            return Error("configs: names no configuration", StatusCodes.Status400BadRequest);
        }

        try
        {
            return await endpoint(names);
        }
        catch (ArgumentException e) when (e.Message.StartsWith("--configs: ", StringComparison.Ordinal))
        {
            return Error(e.Message[2..], StatusCodes.Status400BadRequest);
        }
    }

    // A query parameter that is true (the default, absent) or false. Anything else is the caller's error.
    private static bool Flag(string? given, string name) => given switch
    {
        null or "true" => true,
        "false" => false,
        _ => throw new ArgumentException($"{name} must be true or false, got '{given}'"),
    };

    private static async IAsyncEnumerable<T> Disposing<T>(IAsyncEnumerable<T> items, IDisposable resource)
    {
        using (resource)
        {
            await foreach (var item in items)
            {
                yield return item;
            }
        }
    }
}
