using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Sweep.Grains;
using Sweep.Grains.Storage;
using Sweep.Grains.Telemetry;

namespace Sweep.Client.Hosting;

/// <summary>
/// A single Orleans silo inside the <c>sweep</c> process, on loopback, with its state in a
/// SQLite file. It is the default: no server is needed.
/// </summary>
internal sealed class EmbeddedCluster(IHost host, StoreLocation store) : ISweepCluster
{
    /// <summary>The standard OpenTelemetry variable that turns on the OTLP exporter.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public IGrainFactory Grains { get; } = host.Services.GetRequiredService<IGrainFactory>();

    public string Location => store.DatabasePath;

    public static async Task<EmbeddedCluster> StartAsync(StoreLocation store, int parallelTrials, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(store.Directory);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });

        // The OpenTelemetry exporter reads the standard OTEL_* variables through configuration.
        builder.Configuration.AddEnvironmentVariables();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", LogLevel.Error);
        builder.Logging.AddFilter("Microsoft", LogLevel.Error);
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort.Next(), FreePort.Next())
            .AddSqliteGrainStorage(StorageNames.Sweeps, options => options.DatabasePath = store.DatabasePath)
            .AddSweep(options => options.MaxConcurrentTrials = parallelTrials));

        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(OtlpEndpointVariable)))
        {
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService("sweep"))
                .WithTracing(tracing => tracing.AddSource(SweepTelemetry.SourceName).AddOtlpExporter());
        }

        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new EmbeddedCluster(host, store);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
