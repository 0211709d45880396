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
            var registered = await gateways.GetGateways();
            if (registered.Count == 0)
            {
                throw new SiloUnavailableException($"no gateway of cluster '{address.ClusterId}' is registered");
            }

            // Silos that died together stay registered (no live silo declares them dead), and the client would try them
            // for minutes: a gateway that takes no connection within GatewayProbe is not answering.
            if (!await AnyAnswersAsync(registered, cancellationToken))
            {
                host.Dispose();
                throw new ArgumentException(
                    $"no silo of cluster '{address.ClusterId}' answers through Redis at {address.Redis}: its {registered.Count} registered gateway(s) ({string.Join(", ", registered.Select(g => $"{g.Host}:{g.Port}"))}) refuse connections or do not answer within {GatewayProbe.TotalSeconds:0} s; start the cluster's silos again");
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
            if (await ClusterResults.PublishedAsync(address) is false)
            {
                throw new ArgumentException(
                    $"Redis at {address.Redis} holds no data of cluster '{address.ClusterId}': no silo is registered, and the results location that each silo writes when it starts is missing. " +
                    $"If the cluster's silos ran against this Redis, Redis lost their data (restarted without persistence, or flushed; the silos stop when they notice): start them again, then submit the sweep files again (their stored results are reused). Otherwise pass the cluster's --cluster-id",
                    e);
            }

            throw new ArgumentException(
                $"no silo of cluster '{address.ClusterId}' answers through Redis at {address.Redis}; start silos with Sweep:Silo:ClusterId={address.ClusterId} or pass the cluster's --cluster-id", e);
        }

        return new RemoteCluster(host, address);
    }

    private static readonly TimeSpan GatewayProbe = TimeSpan.FromSeconds(3);

    private static async Task<bool> AnyAnswersAsync(IList<Uri> gateways, CancellationToken cancellationToken)
    {
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        probe.CancelAfter(GatewayProbe);
        var attempts = gateways.Select(async gateway =>
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(gateway.Host, gateway.Port, probe.Token);
                return true;
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException)
            {
                return false;
            }
        }).ToList();
        while (attempts.Count > 0)
        {
            var done = await Task.WhenAny(attempts);
            if (await done)
            {
                return true;
            }

            attempts.Remove(done);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
