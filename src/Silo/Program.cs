using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using StackExchange.Redis;
using Sweep.Silo;

string? redis = null;
try
{
    // A silo serves any sweep: libtorch (about 0.3 s of CPU) loads while it starts, not in its first TorchSharp trial's slot.
    Sweep.Training.Torch.TorchRuntime.LoadInBackground();

    // Settings (appsettings*.json) are read beside the silo, whatever folder it is started from.
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
    var settings = SiloHostExtensions.ReadOptions(builder.Configuration);
    redis = settings.Redis;
    if (settings.DashboardPort == 0)
    {
        builder.AddSweepSilo();
        await builder.Build().RunAsync();

        // Non-zero where the silo stopped itself (ResultsLocationPublisher.DataLostExitCode).
        return Environment.ExitCode;
    }

    // With the dashboard on, the silo is also a web host, listening on its advertised address only.
    var web = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    web.AddSweepSilo();
    web.WebHost.UseUrls($"http://{settings.AdvertisedAddress}:{settings.DashboardPort}");
    var app = web.Build();
    app.MapOrleansDashboard();
    await app.RunAsync();
    return Environment.ExitCode;
}
catch (OptionsValidationException e)
{
    await Console.Error.WriteLineAsync($"sweep-silo: {string.Join("; ", e.Failures)}");
    return 2;
}
catch (Exception e) when (Unreachable(e) is { } cause)
{
    await Console.Error.WriteLineAsync($"sweep-silo: cannot reach Redis at {redis} (Sweep:Silo:Redis): {cause.Message}");
    return 1;
}

static RedisConnectionException? Unreachable(Exception? e) => e switch
{
    null => null,
    RedisConnectionException redis => redis,
    AggregateException all => all.InnerExceptions.Select(Unreachable).FirstOrDefault(found => found is not null),
    _ => Unreachable(e.InnerException),
};
