using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sweep.Client.Hosting;

namespace Sweep.Client.Web;

/// <summary>
/// The web UI's app: Kestrel on one address, the pages, their assets and the JSON endpoints, all read-only but the cancel that <c>--allow-cancel</c> turns on. Its console
/// is the command's: the app logs nothing there, and Ctrl+C is the command's to handle (it stops the app).
/// </summary>
internal static class SweepWebApp
{
    /// <summary>The address <c>sweep serve</c> listens on unless told otherwise: this machine only.</summary>
    public const string DefaultHost = "127.0.0.1";

    public const int DefaultPort = 8321;

    /// <summary>The app for <paramref name="site"/> on <paramref name="host"/> (an IP address, or <c>localhost</c>) and <paramref name="port"/> (0: a free one).</summary>
    public static WebApplication Create(SweepSite site, string host, int port)
    {
        // Production whatever the environment says (no error page with a stack trace), and no settings from the working
        // folder's appsettings.json or ASPNETCORE_/DOTNET_ variables: serve listens where its options say, nowhere else.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(SweepWebApp).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (host == "localhost" && port != 0)
            {
                kestrel.ListenLocalhost(port);
            }
            else if (host == "localhost")
            {
                // Kestrel picks no free port for both loopback addresses at once: IPv4's.
                kestrel.Listen(IPAddress.Loopback, 0);
            }
            else
            {
                kestrel.Listen(IPAddress.Parse(host), port);
            }
        });
        var app = builder.Build();
        WebGuard.Use(app, WebGuard.IsLoopback(host));
        WebPages.Map(app, site);
        WebAssets.Map(app);
        SweepApi.Map(app, site, new SweepFeeds(site.Statuses, TimeProvider.System));
        CurvesApi.Map(app, site);
        CompareApi.Map(app, site);
        CancelApi.Map(app, site);
        FiguresApi.Map(app, site);
        return app;
    }

    /// <summary>The started app's first address, with a closing slash: <c>http://127.0.0.1:8321/</c>.</summary>
    public static Uri Address(WebApplication app)
    {
        var address = app.Urls.First();
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }
}
