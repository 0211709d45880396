using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Sweep.Grains;
using Sweep.Grains.Execution;
using Sweep.Grains.Storage;
using Sweep.Grains.Telemetry;

namespace Sweep.Silo;

/// <summary>Wires a stand-alone development silo: loopback clustering, SQLite state, Sweep's grains.</summary>
internal static class SiloHostExtensions
{
    public static HostApplicationBuilder AddSweepSilo(this HostApplicationBuilder builder)
    {
        var silo = builder.Configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
        builder.Services.AddOptions<SiloOptions>().Bind(builder.Configuration.GetSection(SiloOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.UseOrleans(orleans => orleans
            .UseLocalhostClustering(silo.SiloPort, silo.GatewayPort)
            .AddSqliteGrainStorage(StorageNames.Sweeps, options => options.DatabasePath = silo.DatabasePath)
            .AddSweep(options => builder.Configuration.GetSection(TrialExecutionOptions.Section).Bind(options)));

        if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService("sweep-silo"))
                .WithTracing(tracing => tracing.AddSource(SweepTelemetry.SourceName).AddOtlpExporter());
        }

        return builder;
    }
}
