using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Messaging;
using StackExchange.Redis;

namespace Sweep.Client.Hosting;

/// <summary>An Orleans client of a cluster whose membership is in Redis.</summary>
internal sealed class RemoteCluster(IHost host, ClusterAddress address) : ISweepCluster
{
    public IGrainFactory Grains { get; } = host.Services.GetRequiredService<IClusterClient>();

    public string Location => $"cluster '{address.ClusterId}' (Redis {address.Redis})";

    /// <exception cref="ArgumentException">Redis cannot be reached, or no silo of the cluster is registered there.</exception>
    public static async Task<RemoteCluster> ConnectAsync(ClusterAddress address, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.UseOrleansClient(client => client
            .AddActivityPropagation()
            .UseRedisClustering(address.Redis)
            .Configure<ClusterOptions>(options =>
            {
                options.ClusterId = address.ClusterId;
                options.ServiceId = address.ClusterId;
            }));
        var host = builder.Build();
        try
        {
            // Asking the membership table first turns a wrong cluster id into an error at once, not after the client's minutes of retries.
            var gateways = host.Services.GetRequiredService<IGatewayListProvider>();
            await gateways.InitializeGatewayListProvider();
            if ((await gateways.GetGateways()).Count == 0)
            {
                throw new SiloUnavailableException($"no gateway of cluster '{address.ClusterId}' is registered");
            }

            await host.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is RedisConnectionException || e.InnerException is RedisConnectionException)
        {
            host.Dispose();
            throw new ArgumentException($"cannot reach Redis at {address.Redis} (--cluster or ${ClusterAddress.EnvironmentVariable})", e);
        }
        catch (Exception e) when (e is OrleansException or SiloUnavailableException or TimeoutException)
        {
            host.Dispose();
            throw new ArgumentException(
                $"no silo of cluster '{address.ClusterId}' answers through Redis at {address.Redis}; start silos with Sweep:Silo:ClusterId={address.ClusterId} or pass the cluster's --cluster-id", e);
        }

        return new RemoteCluster(host, address);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
