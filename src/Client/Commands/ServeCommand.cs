using System.CommandLine;
using System.Net;
using Sweep.Client.Cli;
using Sweep.Client.Output;
using Sweep.Client.Web;

namespace Sweep.Client.Commands;

/// <summary>
/// <c>sweep serve [--store DIR | --cluster HOST:PORT] [--host ADDRESS] [--port P]</c>: a read-only web UI of the sweeps in
/// a store or cluster, on this machine only unless <c>--host</c> says otherwise, until Ctrl+C.
/// </summary>
internal sealed class ServeCommand : Command
{
    private readonly Option<int?> port = SharedOptions.WholeNumber("--port", $"Listen on this port (default: {SweepWebApp.DefaultPort}; 0 picks a free one)", 0, IPEndPoint.MaxPort);
    private readonly Option<string> host = new("--host")
    {
        Description = $"Listen on this IP address, or localhost (default: {SweepWebApp.DefaultHost}, this machine only; 0.0.0.0 lets other machines read the results)",
        DefaultValueFactory = _ => SweepWebApp.DefaultHost,
    };

    private readonly SweepSource source = new();

    public ServeCommand()
        : base("serve", "Serve a read-only web UI of the sweeps: their progress, live, and ranked tables, with JSON endpoints (Ctrl+C stops)")
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
        source.AddTo(this);
        SetAction((result, cancellationToken) => CliErrors.GuardAsync(() => ServeAsync(result, cancellationToken)));
    }

    private async Task<int> ServeAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var site = new SweepSite(source.Store(result), source.Cluster(result));

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

        // Ctrl+C (or SIGTERM) cancels the command; the open event streams end and the app stops.
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await app.StopAsync(CancellationToken.None);
        return CliErrors.Success;
    }
}
