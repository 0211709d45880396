using System.CommandLine;
using System.Net;
using Sweep.Client.Cli;
using Sweep.Client.Output;
using Sweep.Client.Web;

namespace Sweep.Client.Commands;

/// <summary>
/// <c>sweep serve [--store DIR | --cluster HOST:PORT] [--host ADDRESS] [--port P] [--allow-cancel] [--trace-url TEMPLATE]</c>: a web UI of the sweeps
/// in a store or cluster, on this machine only unless <c>--host</c> says otherwise, until Ctrl+C; read-only unless
/// <c>--allow-cancel</c> lets its pages cancel a running sweep.
/// </summary>
internal sealed class ServeCommand : Command
{
    private readonly Option<int?> port = SharedOptions.WholeNumber("--port", $"Listen on this port (default: {SweepWebApp.DefaultPort}; 0 picks a free one)", 0, IPEndPoint.MaxPort);
    private readonly Option<string> host = new("--host")
    {
        Description = $"Listen on this IP address, or localhost (default: {SweepWebApp.DefaultHost}, this machine only; 0.0.0.0 lets other machines read the results)",
        DefaultValueFactory = _ => SweepWebApp.DefaultHost,
    };

    private readonly Option<bool> allowCancel = new("--allow-cancel")
    {
        Description = "Show a Cancel button on a running sweep's page, which cancels it as sweep cancel does: anyone who can reach the page can then cancel sweeps (default: read-only)",
    };

    private readonly Option<string?> traceUrl = new("--trace-url")
    {
        Description = "Link a sweep's trace id to this address of a tracing UI, {trace_id} replaced by the id (Jaeger: http://localhost:16686/trace/{trace_id}; default: no link)",
    };

    private readonly SweepSource source = new();

    public ServeCommand()
        : base("serve", "Serve a web UI of the sweeps: their progress, live, ranked tables and comparisons, with JSON endpoints; read-only unless --allow-cancel (Ctrl+C stops)")
    {
        host.Validators.Add(result =>
        {
            // Not given: the default, loopback.
            if (result.Tokens.Count == 0)
            {
                return;
            }

            var value = result.Tokens[0].Value;
            if (value != "localhost" && !IPAddress.TryParse(value, out _))
            {
                result.AddError($"--host must be an IP address or localhost, got '{value}'");
            }
        });
        Options.Add(host);
        Options.Add(port);
        Options.Add(allowCancel);
        traceUrl.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && !SweepSite.IsTraceUrl(result.Tokens[0].Value))
            {
                result.AddError($"--trace-url must be an http or https address with {{trace_id}} in it, got '{result.Tokens[0].Value}'");
            }
        });
        Options.Add(traceUrl);
        source.AddTo(this);
        SetAction((result, cancellationToken) => CliErrors.GuardAsync(() => ServeAsync(result, cancellationToken)));
    }

    private async Task<int> ServeAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var site = new SweepSite(source.Store(result), source.Cluster(result), result.GetValue(allowCancel)) { TraceUrl = result.GetValue(traceUrl) };

        // A store that is not there, or a cluster that does not answer, is said now rather than on every page.
        await site.ListAsync(cancellationToken);

        var listen = result.GetValue(host)!;
        var number = result.GetValue(port) ?? SweepWebApp.DefaultPort;
        await using var app = SweepWebApp.Create(site, listen, number);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            throw new IOException($"--host {listen} --port {number}: cannot listen there: {e.Message}", e);
        }

        Terminal.OutLine($"serving {SweepWebApp.Address(app)} (Ctrl+C stops)");
        if (!WebGuard.IsLoopback(listen))
        {
            Terminal.ErrorLine($"note: listening on {listen}: whoever can reach this machine's port {number} can read these results");
        }

        if (site.AllowCancel)
        {
            Terminal.ErrorLine($"note: --allow-cancel: whoever can reach {SweepWebApp.Address(app)} can cancel these sweeps");
        }

        // Ctrl+C (or SIGTERM) cancels the command; the open event streams end and the app stops.
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await app.StopAsync(CancellationToken.None);
        return CliErrors.Success;
    }
}
