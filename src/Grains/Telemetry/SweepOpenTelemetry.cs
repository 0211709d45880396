using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;

namespace Sweep.Grains.Telemetry;

/// <summary>What a host exports of Sweep's spans and metrics, besides what the standard OTEL_* variables turn on.</summary>
/// <param name="ServiceName">The <c>service.name</c> unless <c>OTEL_SERVICE_NAME</c> says otherwise.</param>
/// <param name="Console">Write every span to standard output when it ends, for local debugging.</param>
/// <param name="OrleansSpans">Include Orleans' own spans (grain calls, activations, storage).</param>
/// <param name="Prometheus">Serve the metrics for Prometheus to scrape at this address and port, path <c>/metrics</c>; null: not.</param>
public sealed record TelemetrySettings(string ServiceName, bool Console = false, bool OrleansSpans = false, Uri? Prometheus = null);

/// <summary>Wires OpenTelemetry for a process that hosts a silo or a client.</summary>
public static class SweepOpenTelemetry
{
    /// <summary>The standard variable whose presence turns on the OTLP exporters.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Exports the <c>Sweep</c> source and meter over OTLP when <see cref="OtlpEndpointVariable"/> is set (configured by the standard
    /// OTEL_* variables) and spans to the console when asked. Without either, nothing is registered and spans cost nothing.
    /// </summary>
    public static IServiceCollection AddSweepOpenTelemetry(this IServiceCollection services, IConfiguration configuration, TelemetrySettings settings)
    {
        var otlp = !string.IsNullOrEmpty(configuration[OtlpEndpointVariable]);
        if (!otlp && !settings.Console && settings.Prometheus is null)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(settings.ServiceName).AddEnvironmentVariableDetector())
            .WithTracing(tracing =>
            {
                tracing.AddSource(SweepTelemetry.SourceName);
                if (settings.OrleansSpans)
                {
                    tracing.AddSource(ActivitySources.AllActivitySourceName);
                }

                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }

                if (settings.Console)
                {
                    tracing.AddConsoleExporter();
                }
            });
        if (otlp || settings.Prometheus is not null)
        {
            telemetry.WithMetrics(metrics =>
            {
                metrics.AddMeter(SweepTelemetry.SourceName);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }

                if (settings.Prometheus is { } endpoint)
                {
                    metrics.AddPrometheusHttpListener(options =>
                    {
                        options.Host = endpoint.Host;
                        options.Port = endpoint.Port;
                    });
                }
            });
        }

        return services;
    }
}
