using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using StackExchange.Redis;
using Sweep.Grains;
using Sweep.Grains.Execution;
using Sweep.Grains.ResultsStore;
using Sweep.Grains.Storage;
using Sweep.Grains.Telemetry;

namespace Sweep.Silo;

/// <summary>Wires a stand-alone silo from its settings: clustering, grain storage, endpoints, Sweep's grains.</summary>
internal static class SiloHostExtensions
{
    /// <summary>Adds the silo and returns the settings it was configured with.</summary>
    public static SiloOptions AddSweepSilo(this IHostApplicationBuilder builder)
    {
        var silo = ReadOptions(builder.Configuration);
        var execution = new TrialExecutionOptions();
        builder.Configuration.GetSection(TrialExecutionOptions.Section).Bind(execution);
        Check(execution, null);

        builder.UseOrleans(orleans =>
        {
            var address = IPAddress.Parse(silo.AdvertisedAddress);
            switch (silo.Clustering)
            {
                case ClusteringKind.Redis:
                    orleans.UseRedisClustering(silo.Redis!)
                        .ConfigureEndpoints(address, silo.SiloPort, silo.GatewayPort, listenOnAnyHostAddress: false);
                    if (silo.SiloListeningPort is not 0 and var listening && listening != silo.SiloPort)
                    {
                        orleans.Configure<EndpointOptions>(options => options.SiloListeningEndpoint = new IPEndPoint(address, listening));
                    }

                    break;
                default:
                    orleans.UseLocalhostClustering(silo.SiloPort, silo.GatewayPort, serviceId: silo.ServiceId, clusterId: silo.ClusterId);
                    break;
            }

            orleans.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = silo.ClusterId;
                options.ServiceId = silo.ServiceId;
            });
            orleans.Configure<ClusterMembershipOptions>(options =>
            {
                options.ProbeTimeout = silo.ProbeTimeout;
                options.NumMissedProbesLimit = silo.MissedProbesLimit;
            });

            switch (silo.Storage)
            {
                case StorageKind.Redis:
                    orleans.AddRedisGrainStorage(StorageNames.Sweeps, options => options.ConfigurationOptions = ConfigurationOptions.Parse(silo.Redis!));
                    break;
                case StorageKind.Memory:
                    orleans.AddMemoryGrainStorage(StorageNames.Sweeps);
                    break;
                default:
                    orleans.AddSqliteGrainStorage(StorageNames.Sweeps, options => options.DatabasePath = silo.DatabasePath);
                    break;
            }

            switch (silo.Results)
            {
                case ResultsKind.Postgres:
                    orleans.AddPostgresResultsStore(silo.Postgres!);
                    break;
                default:
                    orleans.AddSqliteResultsStore(silo.DatabasePath);
                    break;
            }

            if (silo.Kubernetes)
            {
                orleans.UseKubernetesHosting();
            }

            if (silo.DashboardPort > 0)
            {
                orleans.AddDashboard();
            }

            orleans.AddSweep(options =>
            {
                options.MaxConcurrentTrials = execution.MaxConcurrentTrials;
                options.EpochEventInterval = execution.EpochEventInterval;
                options.ResultRetrySeconds = execution.ResultRetrySeconds;
            });
        });

        if (silo.Clustering == ClusteringKind.Redis)
        {
            var location = silo.Results == ResultsKind.Postgres ? ResultsLocation.Postgres(silo.Postgres!) : ResultsLocation.Sqlite(silo.DatabasePath);
            builder.Services.AddHostedService(services => new ResultsLocationPublisher(
                silo.Redis!, silo.ClusterId, location, services.GetRequiredService<IHostApplicationLifetime>(), services.GetRequiredService<ILogger<ResultsLocationPublisher>>()));
        }

        if (silo.WebPort != 0)
        {
            builder.Services.AddHostedService(services => new SiloWebUi(silo, services.GetRequiredService<ILogger<SiloWebUi>>()));
        }

        var prometheus = silo.PrometheusPort == 0 ? null : new Uri($"http://{silo.AdvertisedAddress}:{silo.PrometheusPort}/");
        builder.Services.AddSweepOpenTelemetry(builder.Configuration, new TelemetrySettings("sweep-silo", silo.TraceConsole, silo.OrleansSpans, prometheus));

        return silo;
    }

    /// <summary>Binds and checks <see cref="SiloOptions"/> before anything starts.</summary>
    /// <exception cref="OptionsValidationException">A setting is invalid; the message names it.</exception>
    internal static SiloOptions ReadOptions(IConfiguration configuration)
    {
        SiloOptions silo;
        try
        {
            silo = configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
        }
        catch (InvalidOperationException e)
        {
            // The binder names the key and the value it could not convert (an unknown Clustering, a port that is not a number);
            // for a choice, say what is allowed.
            var message = e.InnerException is null ? e.Message : $"{e.Message} {e.InnerException.Message}";
            var choice = typeof(SiloOptions).GetProperties()
                .FirstOrDefault(p => p.PropertyType.IsEnum && message.Contains($"'{SiloOptions.Section}:{p.Name}'", StringComparison.Ordinal));
            if (choice is not null)
            {
                message += $" Allowed: {string.Join(", ", Enum.GetNames(choice.PropertyType).Select(name => name.ToLowerInvariant()))}.";
            }

            throw new OptionsValidationException(SiloOptions.Section, typeof(SiloOptions), [message]);
        }

        Check(silo, null);
        return silo;
    }

    private static void Check(object options, string? message)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new OptionsValidationException(options.GetType().Name, options.GetType(), results.Select(r => message ?? r.ErrorMessage ?? "invalid").ToArray());
        }
    }
}
