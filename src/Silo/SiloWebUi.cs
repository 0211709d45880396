using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sweep.Client.Hosting;
using Sweep.Client.Web;

namespace Sweep.Silo;

/// <summary>
/// The web UI of <c>sweep serve</c>, hosted by the silo when <see cref="SiloOptions.WebPort"/> is set: the same app, pages
/// and JSON endpoints, on the silo's advertised address, reading the cluster as <c>sweep serve --cluster</c> reads it
/// (the results store its silos publish in Redis; the silos themselves where the store cannot be reached), read-only
/// unless <see cref="SiloOptions.WebAllowCancel"/>. It starts with the silo and stops with it.
/// </summary>
internal sealed partial class SiloWebUi(SiloOptions silo, ILogger<SiloWebUi> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var site = new SweepSite(Store: null, new ClusterAddress(silo.Redis!, silo.ClusterId), silo.WebAllowCancel) { TraceUrl = string.IsNullOrWhiteSpace(silo.WebTraceUrl) ? null : silo.WebTraceUrl };
        app = SweepWebApp.Create(site, silo.AdvertisedAddress, silo.WebPort);
        await app.StartAsync(cancellationToken);
        Serving(logger, SweepWebApp.Address(app));
    }

    public Task StopAsync(CancellationToken cancellationToken) => app?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep's web UI at {Address}")]
    private static partial void Serving(ILogger logger, Uri address);
}
