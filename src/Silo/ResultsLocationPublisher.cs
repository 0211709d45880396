using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Sweep.Grains;
using Sweep.Grains.ResultsStore;

namespace Sweep.Silo;

/// <summary>
/// Writes where the cluster keeps its results into the cluster's Redis when the silo starts (every silo writes the
/// same), so that clients that only read open the results store directly (<see cref="ResultsLocation"/>). The key is also
/// how a silo notices that Redis lost its data (restarted without persistence, or flushed): Orleans' membership table and
/// the sweeps' grain state went with it, and the silo's Redis clustering only logs errors from then on, while clients
/// find no silo. Checked every <see cref="CheckPeriod"/>: once the key is gone, the silo says so in one line and stops,
/// with exit code <see cref="DataLostExitCode"/> (within <see cref="GracefulStop"/>); started again, it registers anew.
/// Each check also sets <see cref="ResultsLocation.AliveKey"/>: the cluster has a live silo.
/// </summary>
internal sealed partial class ResultsLocationPublisher(
    string redis, string clusterId, ResultsLocation location, IHostApplicationLifetime lifetime, ILogger<ResultsLocationPublisher> logger)
    : BackgroundService
{
    /// <summary>The silo's exit code when it stopped because Redis lost the cluster's data.</summary>
    public const int DataLostExitCode = 3;

    private static readonly TimeSpan CheckPeriod = TimeSpan.FromSeconds(5);

    // Orleans' graceful stop marks the silo in the membership table, which is gone: it tries again for ever.
    private static readonly TimeSpan GracefulStop = TimeSpan.FromSeconds(10);

    private ConnectionMultiplexer? connection;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        connection = await ConnectionMultiplexer.ConnectAsync(redis);
        await connection.GetDatabase().StringSetAsync(ResultsLocation.RedisKey(clusterId), location.ToJson());
        await connection.GetDatabase().StringSetAsync(ResultsLocation.AliveKey(clusterId), "1", ResultsLocation.AliveFor);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckPeriod);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            bool present;
            try
            {
                present = await connection!.GetDatabase().KeyExistsAsync(ResultsLocation.RedisKey(clusterId));
                await connection.GetDatabase().StringSetAsync(ResultsLocation.AliveKey(clusterId), "1", ResultsLocation.AliveFor);
            }
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Redis cannot be reached or does not answer in time (a cut link: timeouts, connection errors of several
                // kinds): Orleans' clustering says so. This check is for a Redis that answers without the data, and one that
                // cannot be made must never stop the silo.
                continue;
            }

            if (!present)
            {
                LogDataLost(logger, redis, ResultsLocation.RedisKey(clusterId), clusterId, location.Value);
                Environment.ExitCode = DataLostExitCode;
                lifetime.StopApplication();
                _ = Task.Run(EndIfStillRunningAsync, CancellationToken.None);
                return;
            }
        }
    }

    /// <summary>
    /// Ends the process if the graceful stop has not ended it by a deadline: its running trials are lost with it, as in a
    /// crash, and trained again when their sweeps are submitted again. The log line above is out by then.
    /// </summary>
    private async Task EndIfStillRunningAsync()
    {
        await Task.Delay(GracefulStop, CancellationToken.None);

        // Environment.Exit would wait for the host's stop, the very thing that does not end.
        ImmediateExit.Now(DataLostExitCode);
    }

    public override void Dispose()
    {
        connection?.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Redis at {Redis} lost the data of cluster '{ClusterId}' (the key {Key}, written when this silo started, is gone: Redis restarted without persistence, or was flushed); its membership and the sweeps' state were kept there, the results in {Results} are not lost. This silo stops; start the cluster's silos again, then submit the sweep files again: their stored results are reused")]
    private static partial void LogDataLost(ILogger logger, string redis, string key, string clusterId, string results);
}
